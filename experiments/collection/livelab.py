#!/usr/bin/env python3
"""Paper 001's collection side on live Linux processes (issue 11 item 7, docs/collection.md).

Builds two network namespaces joined by one veth pair (addresses only inside them), starts real
servers in one ("server": python3 http.server, openssl s_server, a small DNS responder) and real
clients in the other ("client", the monitored host): curl processes for HTTP and HTTPS, a Python
loop of short HTTP requests ("pyweb") and one of DNS lookups ("pydns"). Beside them, in the
client namespace, run `ntlab capture` and one `ntlab socketlog` per poll interval, all at once, so
every interval sees the same traffic. The truth comes from the launcher: each curl's PID is the
one this script started and its local port is curl's own `%{local_port}`; the Python loops write
their PID, name and each socket's local port as they open and close it. `ntlab label` then labels
the capture with each interval's log (both engines) and grades against that truth.

    experiments/collection/livelab.py build-analysis/ntlab --intervals 10ms,50ms,500ms --seconds 60 --out runs/livelab

Needs root (network namespaces): without it, or where namespaces are not allowed, it says so and
exits 2. Namespaces are named "ntlab-<pid>-...", as `ntlab isolate` names its own, so either one
removes those of a run that died. Processes, namespaces and the scratch folder are removed also
on error and on SIGINT/SIGTERM at any moment (exit 130/143): each is made and recorded with the two
signals held, so an interrupt never falls between a thing existing and the teardown knowing it.
"""
import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SERVER_IP, CLIENT_IP = "10.77.0.1", "10.77.0.2"
HTTP_PORT, TLS_PORT, DNS_PORT = 8080, 8443, 53
HOST = "client"
TRUTH_COLUMNS = ["host", "proto", "local_ip", "local_port", "remote_ip", "remote_port", "pid", "process",
                 "open_ts", "close_ts"]
REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "references",
                         "polling-sweep-simulated.csv")


class Interrupted(Exception):
    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


SHUTDOWN_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held():
    """SIGINT/SIGTERM wait (the kernel keeps them pending) until the block ends; the handler then
    raises Interrupted after it. Without this, SIGTERM during `ip netns add` or Popen left a
    namespace or a server that existed but was not yet in the lists teardown() works from."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SHUTDOWN_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def accept_shutdown_signals():
    """In a started child before exec: the held mask is inherited, and the collectors must see SIGINT."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SHUTDOWN_SIGNALS)


def fail(message):
    print(f"livelab: error: {message}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# The lab: namespaces, the veth pair and every process started, all removed by teardown().

class Lab:
    def __init__(self):
        self.prefix = f"ntlab-{os.getpid()}-"
        self.server, self.client = self.prefix + "server", self.prefix + "client"
        self.namespaces = []
        self.processes = []
        self.scratch = None

    def build(self):
        with signals_held():
            self.scratch = tempfile.mkdtemp(prefix=f"ntlab-livelab-{os.getpid()}-")
        for ns in (self.server, self.client):
            with signals_held():  # made and recorded, or neither
                r = subprocess.run(["ip", "netns", "add", ns], capture_output=True, text=True)
                if r.returncode == 0:
                    self.namespaces.append(ns)
            if r.returncode != 0:
                raise PermissionError("needs root (network namespaces): this machine does not allow creating "
                                      f"network namespaces ('ip netns add {ns}': {r.stderr.strip()})")
        # The veth pair is made inside the namespaces: nothing is ever added to the host's own.
        run(["ip", "-n", self.server, "link", "add", "vs", "type", "veth", "peer", "name", "vc", "netns", self.client])
        for ns, dev, ip in ((self.server, "vs", SERVER_IP), (self.client, "vc", CLIENT_IP)):
            run(["ip", "-n", ns, "addr", "add", f"{ip}/30", "dev", dev])
            run(["ip", "-n", ns, "link", "set", dev, "up"])
            run(["ip", "-n", ns, "link", "set", "lo", "up"])

    def start(self, ns, argv, **kwargs):
        """A process in `ns` (`ip netns exec` execs it: the PID is the program's own), or in the
        host's namespace when `ns` is None; started and recorded, or neither."""
        with signals_held():
            p = subprocess.Popen((["ip", "netns", "exec", ns] if ns else []) + argv, start_new_session=True,
                                 preexec_fn=accept_shutdown_signals, **kwargs)
            self.processes.append(p)
        return p

    def run_to_end(self, ns, argv, **kwargs):
        """A process started as start() does, waited for; returns it and its output."""
        p = self.start(ns, argv, **kwargs)
        out, err = p.communicate()
        self.processes.remove(p)
        return p, out, err

    @staticmethod
    def wait_or_kill(p, wait_s):
        """Waits for `p`, already asked to end; kills it after `wait_s`. It is not signalled again:
        a second SIGINT could find an ntlab command past its own reaction, where it means "take
        the outputs back"."""
        try:
            p.wait(wait_s)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()

    def teardown(self):
        """Removes everything; may run again (each step skips what is gone). Signals held: a
        second interrupt cannot cut it short."""
        with signals_held():
            for p in reversed(self.processes):
                if p.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
            for ns in reversed(self.namespaces):
                kill_processes_in(ns)
                subprocess.run(["ip", "netns", "delete", ns], capture_output=True)
            self.namespaces = []
            if self.scratch:
                shutil.rmtree(self.scratch, ignore_errors=True)
                self.scratch = None


def kill_processes_in(ns):
    """Whatever still runs in `ns` though it was not started here (a server's own child)."""
    r = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
    for pid in r.stdout.split():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


def run(argv):
    """A short tool (ip, openssl req) run to its end with the signals held: it is never left
    half-done or running on after the teardown."""
    with signals_held():
        r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"'{' '.join(argv)}' failed: {r.stderr.strip() or r.stdout.strip()}")
    return r.stdout


def remove_leftovers_of_dead_runs():
    """Namespaces "ntlab-<pid>-..." whose process is gone (a run killed with SIGKILL)."""
    for name in sorted(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else []:
        parts = name.split("-")
        if len(parts) < 3 or parts[0] != "ntlab" or not parts[1].isdigit():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            subprocess.run(["ip", "netns", "delete", name], capture_output=True)
            print(f"livelab: removed namespace {name} left by an ended run", file=sys.stderr)
        except PermissionError:
            pass


def check_can_run():
    if os.geteuid() != 0:
        fail("needs root (network namespaces): run it as root")
    for tool, package in (("ip", "iproute2"), ("curl", "curl"), ("openssl", "openssl")):
        if shutil.which(tool) is None:
            fail(f"needs '{tool}': install the Debian package '{package}'")


# ---------------------------------------------------------------------------------------------
# Servers (in "server") and clients (in "client").

DNS_RESPONDER = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
while True:
    query, peer = s.recvfrom(512)
    if len(query) < 17:
        continue
    end = query.index(b"\0", 12) + 5          # the question: name, type, class
    answer = query[:2] + b"\x81\x80" + query[4:6] + b"\0\1\0\0\0\0" + query[12:end]
    answer += b"\xc0\x0c\0\1\0\1\0\0\0\x3c\0\4" + socket.inet_aton(sys.argv[1])
    s.sendto(answer, peer)
"""

# One client loop: names itself (prctl PR_SET_NAME, so the kernel's comm and the socket log say
# "pyweb"/"pydns"), then opens one short-lived socket after another until its deadline, writing a
# truth row for each as it closes it. Holding times are drawn, so some sockets live across polls
# and some between them.
CLIENT_LOOP = r"""
import ctypes, os, random, socket, sys, time
kind, server, port, until, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ctypes.CDLL(None).prctl(15, kind.encode(), 0, 0, 0)
comm = open("/proc/self/comm").read().strip()
rng = random.Random(seed)
pid = os.getpid()
with open(out, "a", buffering=1) as truth:
    while time.time() < until:
        opened = time.time()
        try:
            if kind == "pydns":
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.settimeout(1)
                s.connect((server, port))
                name = b"".join(bytes([len(l)]) + l for l in b"live.lab".split(b".")) + b"\0"
                s.send(rng.randbytes(2) + b"\1\0\0\1\0\0\0\0\0\0" + name + b"\0\1\0\1")
                s.recv(512)
                proto = "udp"
            else:
                s = socket.create_connection((server, port), timeout=2)
                s.sendall(b"GET / HTTP/1.0\r\nHost: live.lab\r\n\r\n")
                while s.recv(65536):
                    pass
                proto = "tcp"
            time.sleep(rng.choice([0, 0, 0.005, 0.03, 0.12, 0.4]))
            local_ip, local_port = s.getsockname()
            s.close()
            truth.write(f"{proto},{local_ip},{local_port},{server},{port},{pid},{comm},{opened:.6f},{time.time():.6f}\n")
        except OSError:
            pass
        time.sleep(rng.uniform(0.02, 0.25))
"""


def make_certificate(folder):
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-subj", "/CN=live.lab", "-days", "1", "-keyout", key, "-out", cert])
    return key, cert


def start_servers(lab, folder):
    web = os.path.join(folder, "www")
    os.makedirs(web)
    with open(os.path.join(web, "index.html"), "w") as f:
        f.write("<html><body>" + "live lab " * 200 + "</body></html>\n")
    key, cert = make_certificate(folder)
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lab.start(lab.server, [sys.executable, "-m", "http.server", str(HTTP_PORT), "--bind", SERVER_IP,
                           "--directory", web], **quiet)
    lab.start(lab.server, ["openssl", "s_server", "-quiet", "-www", "-accept", f"{SERVER_IP}:{TLS_PORT}",
                           "-cert", cert, "-key", key], stdin=subprocess.DEVNULL, **quiet)
    lab.start(lab.server, [sys.executable, "-c", DNS_RESPONDER, SERVER_IP, str(DNS_PORT)], **quiet)


def wait_for_port(lab, port, timeout_s=10):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        p, _, _ = lab.run_to_end(lab.client, ["curl", "-s", "-k", "-o", "/dev/null", "-m", "1",
                                              f"{'https' if port == TLS_PORT else 'http'}://{SERVER_IP}:{port}/"])
        if p.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer within {timeout_s} s")


def curl_once(lab, url, truth):
    """One curl process: its PID from the launcher, its local port from curl itself."""
    opened = time.time()
    p, out, _ = lab.run_to_end(lab.client, ["curl", "-s", "-k", "-o", "/dev/null", "-m", "2", "-w",
                                            "%{local_ip},%{local_port}", url],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    local = out.decode().strip().split(",")
    if p.returncode != 0 or len(local) != 2 or not local[1].isdigit():
        return
    port = TLS_PORT if url.startswith("https") else HTTP_PORT
    truth.append(["tcp", local[0], local[1], SERVER_IP, str(port), str(p.pid), "curl", f"{opened:.6f}",
                  f"{time.time():.6f}"])


def run_workload(lab, folder, seconds, seed):
    """The clients until the deadline; returns the truth rows (without the host column)."""
    until = time.time() + seconds
    loops_out = os.path.join(folder, "loop-truth.csv")
    loops = [lab.start(lab.client, [sys.executable, "-c", CLIENT_LOOP, kind, SERVER_IP, str(port), f"{until:.3f}",
                                    str(seed + i), loops_out])
             for i, (kind, port) in enumerate((("pyweb", HTTP_PORT), ("pydns", DNS_PORT)))]
    rng = random.Random(seed)
    truth = []
    while time.time() < until:
        curl_once(lab, rng.choice([f"http://{SERVER_IP}:{HTTP_PORT}/", f"https://{SERVER_IP}:{TLS_PORT}/"]), truth)
        time.sleep(rng.uniform(0.05, 0.4))
    for p in loops:
        p.wait(10)
    with open(loops_out) as f:
        truth += [line.rstrip("\n").split(",") for line in f if line.strip()]
    return truth


def write_truth(path, rows):
    rows = sorted(rows, key=lambda r: (float(r[7]), int(r[2])))
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(TRUTH_COLUMNS)
        for r in rows:
            w.writerow([HOST] + r)
    return rows


# ---------------------------------------------------------------------------------------------
# Collection, labelling and grading.

def start_collectors(lab, ntlab, out, intervals):
    loggers = {iv: lab.start(lab.client, [ntlab, "socketlog", "--interval", iv, "--host", HOST,
                                          "--out", os.path.join(out, f"socketlog-{iv}.csv"),
                                          "--metrics", os.path.join(out, f"socketlog-{iv}-metrics.json")],
                             stdout=subprocess.DEVNULL)
               for iv in intervals}
    with open(os.path.join(out, "capture.log"), "w") as log:
        capture = lab.start(lab.client, [ntlab, "capture", "--iface", "vc", "--rotate", "1min",
                                         "--out", os.path.join(out, "captures"),
                                         "--metrics", os.path.join(out, "capture-metrics.json")],
                            stdout=subprocess.DEVNULL, stderr=log)
    return loggers, capture


def wait_until_listening(capture, log_path, timeout_s=30):
    """Until `ntlab capture` says it has the interface open: a fixed wait lost the first frames
    when starting took longer under load. The timeout only bounds a capture that never opens."""
    deadline = time.time() + timeout_s
    while time.time() < deadline and capture.poll() is None:
        with open(log_path) as f:
            if ": listening" in f.read():
                return
        time.sleep(0.02)
    with open(log_path) as f:
        raise RuntimeError(f"ntlab capture did not start listening within {timeout_s} s: {f.read().strip()}")


def label(lab, ntlab, out, interval, engine):
    stem = os.path.join(out, f"labels-{interval}-{engine}")
    r, _, stderr = lab.run_to_end(None, [ntlab, "label", "--pcap", os.path.join(out, "captures"), "--socket-log",
                        os.path.join(out, f"socketlog-{interval}.csv"), "--truth", os.path.join(out, "truth.csv"),
                        "--engine", engine, "--out", stem + ".csv", "--metrics", stem + "-metrics.json"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ntlab label ({interval}, {engine}) failed: {stderr.strip()}")
    with open(stem + "-metrics.json") as f:
        metrics = json.load(f)
    with open(stem + ".csv") as f:
        metrics["by_truth_process"] = by_truth_process(csv.DictReader(f))
    return metrics


def by_truth_process(rows):
    """Per true owner: sessions, matched (labelled, not Unknown) and right (label = truth)."""
    table = {}
    for row in rows:
        owner = row["truth_process"] or "(no truth row)"
        entry = table.setdefault(owner, {"sessions": 0, "matched": 0, "right": 0})
        entry["sessions"] += 1
        entry["matched"] += row["process"] != "Unknown"
        entry["right"] += row["process"] != "Unknown" and row["process"] == row["truth_process"]
    return dict(sorted(table.items()))


def kernel_agreement(log_path, truth):
    """The kernel's view beside the launcher's: of the socket log rows whose PID the launcher
    started, how many name the same program."""
    launched = {r[5]: r[6] for r in truth}
    rows = agree = 0
    with open(log_path) as f:
        for row in csv.DictReader(f):
            if row["pid"] in launched:
                rows += 1
                agree += row["process"] == launched[row["pid"]]
    return {"rows_with_launched_pid": rows, "same_program": agree}


# ---------------------------------------------------------------------------------------------
# Outputs: metrics.json, report.md, livelab.svg.

def read_reference():
    with open(REFERENCE) as f:
        return {r["interval"]: r for r in csv.DictReader(f)}


def percent(x):
    return "-" if x is None else f"{100 * x:.2f} %"


def write_report(out, metrics, reference):
    lines = ["# Live-process lab: paper 001's labelling of real short-lived connections", "",
             f"Machine: {metrics['machine']}. {metrics['seconds']} s of traffic, seed {metrics['seed']}, "
             f"{metrics['truth_sockets']} truth sockets, {metrics['capture']['frames']} frames captured "
             f"(kernel dropped {metrics['capture']['kernel_dropped']}). All figures **measured** on live processes; "
             "the simulated ones are ntlab's own polling sweep (docs/results.md, **predicted**).", "",
             "| interval | engine | sessions | matched (engine only) | matched after post | accuracy | "
             "simulated engine only | simulated after post, no events | simulated right, no events |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for iv, entry in metrics["intervals"].items():
        ref = reference.get(iv, {})
        for engine, m in entry["engines"].items():
            lines.append(f"| {iv} | {engine} | {m['sessions_monitored']} | {percent(m['engine_rate'])} | "
                         f"{percent(m['matching_rate'])} | {percent(m['accuracy'])} | {ref.get('engine_only', '-')} | "
                         f"{ref.get('after_post_no_events', '-')} | {ref.get('right_no_events', '-')} |")
    lines += ["", "Matched per true owner (paper engine): sessions / matched / right.", "",
              "| interval | " + " | ".join(metrics["owners"]) + " |", "|---|" + "---:|" * len(metrics["owners"])]
    for iv, entry in metrics["intervals"].items():
        per = entry["engines"]["paper"]["by_truth_process"]
        cells = [f"{per[o]['sessions']} / {per[o]['matched']} / {per[o]['right']}" if o in per else "-"
                 for o in metrics["owners"]]
        lines.append(f"| {iv} | " + " | ".join(cells) + " |")
    lines += ["", "Socket logger per interval: polls, late polls, CPU us per poll; kernel agreement = socket log "
              "rows whose PID the launcher started that name the same program.", "",
              "| interval | polls | late | CPU us/poll | rows with a launched PID | same program |", "|---|---:|---:|---:|---:|---:|"]
    for iv, entry in metrics["intervals"].items():
        lg, k = entry["socketlog"], entry["kernel_agreement"]
        lines.append(f"| {iv} | {lg['polls']} | {lg['late_polls']} | {lg['cpu_us_per_poll']:.0f} | "
                     f"{k['rows_with_launched_pid']} | {k['same_program']} |")
    if metrics.get("figure"):
        lines += ["", f"![matching rate per interval]({metrics['figure']})"]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def draw_figure(lab, out, metrics, reference):
    """livelab.svg with gnuplot (as experiments/report's GnuplotFigure does); none without it."""
    if shutil.which("gnuplot") is None:
        return None
    dat, gp = os.path.join(out, "livelab.dat"), os.path.join(out, "livelab.gp")
    with open(dat, "w") as f:
        f.write("interval\tpaper engine, matched\tpaper engine, right\tntlab engine, matched\tntlab engine, right"
                "\tsimulated, matched (predicted)\tsimulated, right (predicted)\n")
        for iv, entry in metrics["intervals"].items():
            cells = [iv]
            for engine in ("paper", "ntlab"):
                m = entry["engines"][engine]
                cells += [f"{100 * (m['matching_rate'] or 0):.2f}", f"{100 * (m['accuracy'] or 0):.2f}"]
            ref = reference.get(iv, {})
            cells += [ref.get(k, "NaN").replace(" %", "") for k in ("after_post_no_events", "right_no_events")]
            f.write("\t".join(cells) + "\n")
    with open(gp, "w") as f:
        f.write("set terminal svg size 820,440 dynamic font 'Helvetica,12'\n"
                f"set output '{os.path.join(out, 'livelab.svg')}'\n"
                "set title 'Live processes (measured) and simulation (predicted) per poll interval'\n"
                "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.8 border -1\n"
                "set ylabel 'sessions (%): matched, and right of those graded'\nset yrange [0:105]\n"
                "set key outside right top vertical\nset datafile separator '\\t'\n"
                f"plot for [c=2:7] '{dat}' using c:xtic(1) title columnheader(c)\n")
    r, _, _ = lab.run_to_end(None, ["gnuplot", gp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return "livelab.svg" if r.returncode == 0 else None


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Linux {os.uname().release}, load average {os.getloadavg()[0]:.1f}"


def experiment(lab, args):
    out, scratch = args.out, lab.scratch
    args.machine = machine()  # the load the collectors ran under, not the labelling's
    start_servers(lab, scratch)
    for port in (HTTP_PORT, TLS_PORT):
        wait_for_port(lab, port)
    loggers, capture = start_collectors(lab, args.ntlab, out, args.intervals)
    wait_until_listening(capture, os.path.join(out, "capture.log"))
    time.sleep(1.0)  # every logger has made its first poll
    truth = write_truth(os.path.join(out, "truth.csv"), run_workload(lab, scratch, args.seconds, args.seed))
    time.sleep(0.5)  # the last closes reach the logs
    collectors = {f"ntlab socketlog --interval {iv}": p for iv, p in loggers.items()}
    collectors["ntlab capture"] = capture
    for p in collectors.values():  # all at once: each finishes its files in parallel
        p.send_signal(signal.SIGINT)
    for name, p in collectors.items():
        lab.wait_or_kill(p, 60)
        if p.returncode != 0:
            raise RuntimeError(f"{name} ended with exit status {p.returncode} (negative: killed by that signal "
                               "after 60 s without ending)")
    return truth


def summarize(lab, args, truth):
    out = args.out
    with open(os.path.join(out, "capture-metrics.json")) as f:
        metrics = {"machine": args.machine, "seconds": args.seconds, "seed": args.seed, "truth_sockets": len(truth),
                   "capture": json.load(f), "intervals": {}}
    owners = set()
    for iv in args.intervals:
        with open(os.path.join(out, f"socketlog-{iv}-metrics.json")) as f:
            entry = {"socketlog": json.load(f), "engines": {e: label(lab, args.ntlab, out, iv, e) for e in ("paper", "ntlab")},
                     "kernel_agreement": kernel_agreement(os.path.join(out, f"socketlog-{iv}.csv"), truth)}
        owners |= set(entry["engines"]["paper"]["by_truth_process"])
        metrics["intervals"][iv] = entry
    metrics["owners"] = sorted(owners)
    reference = read_reference()
    metrics["figure"] = draw_figure(lab, out, metrics, reference)
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2, sort_keys=True)
        f.write("\n")
    write_report(out, metrics, reference)
    return metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ntlab", help="the ntlab binary")
    parser.add_argument("--intervals", default="10ms,50ms,500ms", help="poll intervals, one logger each")
    parser.add_argument("--seconds", type=float, default=60, help="seconds of client traffic")
    parser.add_argument("--seed", type=int, default=1, help="seed of the clients' choices and holding times")
    parser.add_argument("--out", required=True, help="folder for metrics.json, report.md, livelab.svg and the data")
    args = parser.parse_args()
    args.intervals = args.intervals.split(",")
    args.ntlab = os.path.abspath(args.ntlab)
    check_can_run()
    remove_leftovers_of_dead_runs()
    os.makedirs(args.out, exist_ok=True)

    def interrupted(signum, _frame):
        for s in (signal.SIGINT, signal.SIGTERM):  # a second signal must not cut the teardown short
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signum)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    lab = Lab()
    try:
        try:
            lab.build()
            truth = experiment(lab, args)
            lab.teardown()  # before labelling: the collectors' files are complete
            metrics = summarize(lab, args, truth)
        finally:
            lab.teardown()
    except Interrupted as e:
        lab.teardown()  # the interrupt came just before the teardown above could begin
        print(f"livelab: interrupted by {e}: lab removed", file=sys.stderr)
        sys.exit(128 + e.signum)
    except PermissionError as e:
        fail(str(e))
    for iv, entry in metrics["intervals"].items():
        for engine, m in entry["engines"].items():
            print(f"{iv} {engine}: {m['sessions_monitored']} sessions, matched {percent(m['matching_rate'])} "
                  f"(engine only {percent(m['engine_rate'])}), accuracy {percent(m['accuracy'])}")
    print(f"report: {os.path.join(args.out, 'report.md')}")


if __name__ == "__main__":
    main()
