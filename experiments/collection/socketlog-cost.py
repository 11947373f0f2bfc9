#!/usr/bin/env python3
"""Measures `ntlab socketlog`'s own cost per poll (docs/collection.md): opens N loopback TCP
connections (2N + 1 sockets, all in this process, on 127.0.0.1 only), then runs the logger at each
interval for a few seconds and prints CPU us and sockets per poll from its --metrics JSON.

    experiments/collection/socketlog-cost.py build-analysis/ntlab --connections 150 --seconds 5
"""
import argparse
import json
import os
import socket
import subprocess
import tempfile


def open_connections(count):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(count)
    held = [listener]
    for _ in range(count):
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
        held += [client, server]
    return held


def measure(ntlab, interval, seconds, folder):
    log = os.path.join(folder, f"socketlog-{interval}.csv")
    metrics = os.path.join(folder, f"metrics-{interval}.json")
    subprocess.run([ntlab, "socketlog", "--interval", interval, "--duration", f"{seconds}s", "--out", log,
                    "--metrics", metrics], check=True, stdout=subprocess.DEVNULL)
    with open(metrics) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ntlab")
    parser.add_argument("--connections", type=int, default=150)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--intervals", default="10ms,50ms,500ms")
    args = parser.parse_args()
    held = open_connections(args.connections)
    print("| interval | polls | late | sockets/poll | CPU us/poll | max CPU us | wall us/poll | CPU share |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="socketlog-cost-") as folder:
        for interval in args.intervals.split(","):
            m = measure(args.ntlab, interval, args.seconds, folder)
            print(f"| {interval} | {m['polls']} | {m['late_polls']} | {m['sockets_per_poll']:.0f} | "
                  f"{m['cpu_us_per_poll']:.0f} | {m['max_cpu_us_per_poll']:.0f} | {m['wall_us_per_poll']:.0f} | "
                  f"{100 * m['cpu_share']:.2f}% |")
    for s in held:
        s.close()


if __name__ == "__main__":
    main()
