#!/usr/bin/env python3
"""Writes the committed seed corpora (tests/fuzz/corpus/<harness>/) and fixtures
(tests/fuzz/fixtures/) from the regression corpus, tests/data and the shipped scenarios.

Every seed is cut to a few KB: the first records of a capture, the first rows of a CSV, one
payload per file. Deterministic: running it again rewrites the same files. Run from anywhere:
    python3 tests/fuzz/make-seeds.py            rewrite corpus/ and the fixtures it owns
    python3 tests/fuzz/make-seeds.py --check    exit 1, listing the differences, when the committed
                                                files are not what the script writes (a ctest test)
"""

import filecmp
import os
import re
import shutil
import struct
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "tests", "fuzz")
CORPUS = os.path.join(FUZZ, "corpus")
FIXTURES = os.path.join(FUZZ, "fixtures")
# The fixtures this script writes; the others (zeus-model.json) are written by ntlab and read here.
WRITTEN_FIXTURES = ("catalog.yaml", "scenario.yaml")
REGRESSION = os.path.join(ROOT, "tests", "regression")
SEED_BYTES = 4096


def path(*parts):
    return os.path.join(ROOT, *parts)


def write(harness, name, data):
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


# ---- captures ---------------------------------------------------------------------------------

def pcap_records(file):
    """(header bytes, [(sec, usec, orig_len, frame)], link type) of a little-endian microsecond pcap."""
    data = open(file, "rb").read()
    magic, _, _, _, _, snaplen, link = struct.unpack("<IHHiIII", data[:24])
    assert magic == 0xA1B2C3D4, file
    records, at = [], 24
    while at + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[at:at + 16])
        records.append((sec, usec, orig, data[at + 16:at + 16 + incl]))
        at += 16 + incl
    return data[:24], records, link


def pcap_head(file, limit=SEED_BYTES):
    header, records, _ = pcap_records(file)
    out = bytearray(header)
    for sec, usec, orig, frame in records:
        record = struct.pack("<IIII", sec, usec, len(frame), orig) + frame
        if len(out) + len(record) > limit and len(out) > 24:
            break
        out += record
    return bytes(out)


def pcap_variants(head):
    """The same records as a big-endian pcap and as a nanosecond pcap: libpcap's other readers."""
    magic, major, minor, zone, sigfigs, snaplen, link = struct.unpack("<IHHiIII", head[:24])
    big, nano = bytearray(struct.pack(">IHHiIII", magic, major, minor, zone, sigfigs, snaplen, link)), \
        bytearray(struct.pack("<IHHiIII", 0xA1B23C4D, major, minor, zone, sigfigs, snaplen, link))
    at = 24
    while at + 16 <= len(head):
        sec, usec, incl, orig = struct.unpack("<IIII", head[at:at + 16])
        frame = head[at + 16:at + 16 + incl]
        big += struct.pack(">IIII", sec, usec, incl, orig) + frame
        nano += struct.pack("<IIII", sec, usec * 1000, incl, orig) + frame
        at += 16 + incl
    return bytes(big), bytes(nano)


def pcapng_head(file, limit=SEED_BYTES):
    """Section header, interface descriptions and the first packet blocks of a pcapng file."""
    data = open(file, "rb").read()
    out, at = bytearray(), 0
    while at + 12 <= len(data):
        kind, length = struct.unpack("<II", data[at:at + 8])
        block = data[at:at + length]
        if kind == 6 and len(out) + length > limit:
            break
        out += block
        at += length
    return bytes(out)


def ipv4_frames(file):
    """(ts_us, frame) of the Ethernet IPv4 TCP/UDP frames of a pcap."""
    _, records, link = pcap_records(file)
    assert link == 1, file
    return [(sec * 1000000 + usec, frame) for sec, usec, _, frame in records
            if len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] in (6, 17)]


def transport(frame):
    """(proto, sport, dport, payload) of an Ethernet IPv4 TCP/UDP frame."""
    ihl = (frame[14] & 15) * 4
    total = struct.unpack(">H", frame[16:18])[0]
    l4 = 14 + ihl
    sport, dport = struct.unpack(">HH", frame[l4:l4 + 4])
    end = 14 + total
    if frame[23] == 6:
        return 6, sport, dport, frame[l4 + (frame[l4 + 12] >> 4) * 4:end]
    return 17, sport, dport, frame[l4 + 8:end]


def packet_stream(frames, hint, limit=SEED_BYTES):
    """fuzz-support.h PacketStream: u32 hint, then (i32 step us, u16 length, frame) records."""
    out = bytearray(struct.pack("<I", hint))
    previous = frames[0][0] if frames else 0
    for ts, frame in frames:
        record = struct.pack("<iH", ts - previous, len(frame)) + frame
        if len(out) + len(record) > limit:
            break
        out += record
        previous = ts
    return bytes(out)


def ip_number(text):
    a, b, c, d = (int(x) for x in text.split("."))
    return a << 24 | b << 16 | c << 8 | d


def capture_seeds():
    captures = {
        "trap-sni-post": path("tests/regression/trap-sni-post/capture.pcap"),
        "trap-dns-resolver": path("tests/regression/trap-dns-resolver/capture.pcap"),
        "trap-inbound-listen": path("tests/regression/trap-inbound-listen/capture.pcap"),
        "split-client-hello": path("tests/regression/capture-split-client-hello/capture.pcap"),
        "zeus": path("tests/regression/zeus-clustering/pcap/10.0.0.12_20250310T091000Z.pcap"),
        "kraken": path("tests/regression/kraken-detection/pcap/10.0.0.11_20250310T090000Z.pcap"),
    }
    for name, file in captures.items():
        head = pcap_head(file)
        write("capture-file", name + ".pcap", head)
    big, nano = pcap_variants(pcap_head(captures["trap-sni-post"]))
    write("capture-file", "trap-sni-post-big-endian.pcap", big)
    write("capture-file", "trap-sni-post-nanoseconds.pcap", nano)
    write("capture-file", "sll.pcap", pcap_head(path("tests/regression/capture-linux-cooked/capture-sll.pcap")))
    write("capture-file", "sll2.pcap", pcap_head(path("tests/regression/capture-linux-cooked/capture-sll2.pcap")))
    write("capture-file", "capture.pcapng", pcapng_head(path("tests/regression/capture-pcapng/capture.pcapng")))

    # Packet streams for the sessionizer and the HTTP extractor.
    for name, file in captures.items():
        frames = ipv4_frames(file)
        match = re.match(r"(\d+\.\d+\.\d+\.\d+)_", os.path.basename(file))
        hint = ip_number(match.group(1)) if match else 0
        write("sessionizer", name, packet_stream(frames, hint))
        if name in ("kraken", "trap-dns-resolver"):
            write("kraken-detector", name, packet_stream(frames, hint))
        if name in ("trap-sni-post", "split-client-hello"):
            write("sessionizer", name + "-known-hosts", packet_stream(frames, 0xFF000000))
        if name in ("zeus", "trap-sni-post"):
            web = [(ts, f) for ts, f in frames if 80 in transport(f)[1:3]]
            write("http", name, packet_stream(web, hint))
            write("http", name + "-no-hint", packet_stream(web[1:], 0))

    # Single frames for the decoder: link type index (packet-decoder-fuzzer.cc), frame.
    frames = ipv4_frames(captures["trap-sni-post"])[:6] + ipv4_frames(captures["kraken"])[:4]
    for i, (_, frame) in enumerate(frames):
        ip = frame[14:]
        write("packet-decoder", "ethernet-%d" % i, b"\x00" + frame)
        write("packet-decoder", "vlan-%d" % i, b"\x00" + frame[:12] + b"\x81\x00\x00\x05" + frame[12:])
        if i < 3:
            write("packet-decoder", "raw-%d" % i, b"\x03" + ip)
            write("packet-decoder", "null-%d" % i, b"\x05" + struct.pack("<I", 2) + ip)
            write("packet-decoder", "loop-%d" % i, b"\x06" + struct.pack(">I", 2) + ip)
    for i, record in enumerate(pcap_records(path("tests/regression/capture-linux-cooked/capture-sll.pcap"))[1][:3]):
        write("packet-decoder", "sll-%d" % i, b"\x01" + record[3])
    for i, record in enumerate(pcap_records(path("tests/regression/capture-linux-cooked/capture-sll2.pcap"))[1][:3]):
        write("packet-decoder", "sll2-%d" % i, b"\x02" + record[3])

    # Payloads: TLS client streams, DNS messages, Kraken 447 messages, SMTP dialogues.
    tls = []
    for name in ("trap-sni-post", "split-client-hello"):
        streams = {}
        for _, frame in ipv4_frames(captures[name]):
            proto, sport, dport, payload = transport(frame)
            if proto == 6 and dport == 443 and payload:
                streams.setdefault(sport, bytearray()).extend(payload)
        tls += [bytes(s[:SEED_BYTES]) for _, s in sorted(streams.items())][:4]
    for i, stream in enumerate(tls):
        # Plan: segments, flags (bit 0 SYN seen, 1 reversed, 2 duplicates), ISN, cut points.
        cuts = [len(stream) // 3, len(stream) // 2, 2 * len(stream) // 3]
        write("tls-client-hello", "whole-%d" % i, struct.pack("<BBI", 0, 1, 1000) + stream)
        write("tls-client-hello", "split-%d" % i,
              struct.pack("<BBI", 3, i % 8, 0xFFFFFF00) + b"".join(struct.pack("<H", c) for c in cuts) + stream)
    dns = [transport(f)[3] for _, f in ipv4_frames(captures["kraken"]) + ipv4_frames(captures["trap-dns-resolver"])
           if transport(f)[0] == 17 and 53 in transport(f)[1:3]]
    seen = set()
    for payload in dns:
        kind = (payload[2] >> 7, payload[3] & 15, len(payload) // 16)
        if kind not in seen and len(seen) < 16:
            seen.add(kind)
            write("dns", "message-%d" % len(seen), payload)
    kraken = ipv4_frames(captures["kraken"])
    cnc = [transport(f)[3] for _, f in kraken if 447 in transport(f)[1:3] and transport(f)[3]]
    for i, payload in enumerate(cnc[:8]):
        write("kraken-codec", "message-%d" % i, payload)
    write("kraken-codec", "ip-list", b"\x02" + struct.pack(">IHIH", 0xC6336407, 447, 0xC6336408, 447))
    write("kraken-codec", "fields", b"kind=modules\nversion=3\nos=5.1\n")
    write("kraken-codec", "module-offer", struct.pack(">HII", 3, 40960, 0xC6336409))
    smtp = {}
    for _, frame in kraken:
        proto, sport, dport, payload = transport(frame)
        if proto == 6 and 25 in (sport, dport) and payload:
            smtp.setdefault("client" if dport == 25 else "server", bytearray()).extend(payload)
    for side, stream in sorted(smtp.items()):
        write("smtp", side, bytes(stream[:SEED_BYTES]))
    messenger_seeds()


def messenger_seeds():
    """messengers-fuzzer dialogues: each session of messengers-login as (side | SYN bit, u16 length, bytes) records:
    the SYNs and the data segments (pure ACKs left out)."""
    dialogues = {}
    for _, frame in ipv4_frames(path("tests/regression/messengers-login/capture.pcap")):
        proto, sport, dport, payload = transport(frame)
        syn = 2 if proto == 6 and frame[14 + (frame[14] & 15) * 4 + 13] & 2 else 0
        if proto != 6 or not (payload or syn):
            continue
        fromHost = frame[26:30] == bytes([10, 60, 1, 105])
        local = sport if fromHost else dport
        record = struct.pack("<BH", (0 if fromHost else 1) | syn, len(payload)) + payload
        dialogues.setdefault(local, bytearray()).extend(record)
    for local, dialogue in sorted(dialogues.items()):
        write("messengers", "session-%d" % local, bytes(dialogue[:SEED_BYTES]))
    nateon_p2p_seed()


def nateon_p2p_seed():
    """A NateOn P2P session on 6004 (ntlab's invented ATHC / DATA / DONE framing, docs/messengers.md):
    the SYNs, the announcement and its answer, two DATA chunks and the receiver's DONE."""
    def record(from_server, data, syn=False):
        return struct.pack("<BH", (1 if from_server else 0) | (2 if syn else 0), len(data)) + data
    chunk = lambda trid, offset, fill: b"DATA %d %d 1024\r\n" % (trid, offset) + fill * 1024
    dialogue = (record(False, b"", True) + record(True, b"", True) +
                record(False, b"ATHC 31 alice@nate.com 2 2048\r\n") + record(True, b"ATHC 31 OK\r\n") +
                record(False, chunk(32, 0, b"A")) + record(False, chunk(33, 1024, b"B")) +
                record(True, b"DONE 33 2 2048\r\n"))
    write("messengers", "nateon-p2p-6004", dialogue)


# ---- CSV files --------------------------------------------------------------------------------

def csv_head(file, limit=SEED_BYTES):
    out = ""
    for line in open(file, encoding="utf-8"):
        if len(out) + len(line) > limit:
            break
        out += line
    return out


def csv_seeds():
    traps = ["trap-sni-post", "trap-dns-resolver", "trap-port-reuse", "trap-time-wait-pid0"]
    for case in traps:
        write("socket-log", case + ".csv", csv_head(os.path.join(REGRESSION, case, "socketlog.csv")))
        write("events", case + ".csv", csv_head(os.path.join(REGRESSION, case, "events.csv")))
        write("truth", case + ".csv", csv_head(os.path.join(REGRESSION, case, "truth.csv")))
    interval = csv_head(os.path.join(REGRESSION, "sim-2host-60s", "socketlog.csv"), 2048)
    polls = open(os.path.join(REGRESSION, "sim-2host-60s", "socketlog-polls.csv")).read()
    write("socket-log", "sim-2host-60s-interval.csv", interval)
    write("polls", "sim-2host-60s.csv", polls)
    write("polls", "sim-2host-60s-with-log", polls + "\f" + interval)
    write("polls", "changing-step.csv",
          "host,first_ts,interval_us,polls\npc01,1741597230.000905,50000,10\npc01,1741597231.000905,100000,5\n"
          "pc01,1741597233,0,1\n")
    write("events", "sim-2host-60s.csv", csv_head(os.path.join(REGRESSION, "sim-2host-60s", "events.csv")))
    write("truth", "sim-2host-60s.csv", csv_head(os.path.join(REGRESSION, "sim-2host-60s", "truth.csv")))
    write("truth", "kraken-detection.csv", csv_head(os.path.join(REGRESSION, "kraken-detection", "truth.csv")))
    write("hosts", "hosts.csv", "host,ip\npc01,10.0.0.11\npc02,10.0.0.12\npc03,10.0.0.13\n")
    write("hosts", "quoted.csv", 'host,ip,extra\n"pc,01",10.0.0.11,x\n"pc ""2""",10.0.0.12,\n')
    write("zeus-truth", "zeus_episodes.csv", csv_head(os.path.join(REGRESSION, "zeus-clustering", "zeus_episodes.csv")))
    write("kraken-truth", "kraken_truth.csv", open(os.path.join(REGRESSION, "kraken-detection", "kraken_truth.csv")).read())
    write("kraken-truth", "two-hosts.csv", "host,host_ip,process\npc01,10.0.0.11,qvbnxlr.exe\npc03,10.0.0.13,\"a,b.exe\"\n")
    write("csv-reader", "plain.csv", "a,b,c\n1,2,3\n\n  \n4,5,6")
    write("csv-reader", "quoted.csv", 'c,x,a,b\r\n"3, ""q""" , y ,"1",2\r\n,,"",\r\n')
    write("csv-reader", "bad-shape.csv", 'a,b,c\n1,2\n1,"2,3\n')
    # Written by `ntlab zeus --pcap tests/regression/zeus-clustering/pcap --truth ...` (fixtures/).
    model = os.path.join(FUZZ, "fixtures", "zeus-model.json")
    write("zeus-model", "model.json", open(model).read())


# ---- YAML files -------------------------------------------------------------------------------

def small_catalog():
    """The paper-001 catalog cut to Table 3's ten named rows plus one row for the rest, so that it
    still passes the catalog's own checks; texts shortened."""
    catalog = yaml.safe_load(open(path("scenarios/catalogs/paper-001.yaml")))
    ranked = [p for p in catalog["processes"] if p.get("table3_rank")]
    other = next(p for p in catalog["processes"] if not p.get("table3_rank"))
    other["share"] = round(1 - catalog["unknown_share"] - sum(p["share"] for p in ranked), 6)
    for p in ranked + [other]:
        p["share_source"] = "fuzz fixture"
        p["behaviour"]["basis"] = "fuzz fixture"
        if "sni" in p["behaviour"]:
            p["behaviour"]["sni"] = p["behaviour"]["sni"][:2]
    catalog["processes"] = ranked + [other]
    catalog["description"] = "paper-001 catalog cut to Table 3's rows (tests/fuzz fixture)"
    return "# Written by tests/fuzz/make-seeds.py from scenarios/catalogs/paper-001.yaml.\n" + \
        yaml.safe_dump(catalog, default_flow_style=None, sort_keys=False, width=200)


def yaml_seeds():
    os.makedirs(FIXTURES, exist_ok=True)
    catalog = small_catalog()
    open(os.path.join(FIXTURES, "catalog.yaml"), "w").write(catalog)
    shutil.copyfile(path("tests/data/scenarios/small.yaml"), os.path.join(FIXTURES, "scenario.yaml"))
    write("workload-catalog", "catalog.yaml", catalog)
    scenarios = [path("scenarios", f) for f in sorted(os.listdir(path("scenarios"))) if f.endswith(".yaml")]
    scenarios += [path("tests/data/scenarios", f) for f in sorted(os.listdir(path("tests/data/scenarios")))]
    scenarios += [os.path.join(REGRESSION, c, "scenario.yaml") for c in ("sim-2host-60s", "zeus-clustering")]
    for file in scenarios:
        text = re.sub(r"(\n\s*catalog:\s*)\S+", r"\1catalog.yaml", open(file).read())
        name = os.path.relpath(file, ROOT).replace("/", "-")
        write("scenario", name, text)
    quickstart = open(path("scenarios/quickstart.yaml")).read()
    write("scenario", "quickstart-with-overrides", quickstart + "\fpoll_interval=5s\nevents.loss=0.2\nnetwork.lan.rate=100Mbps\n")
    experiments = [path("experiments", f) for f in sorted(os.listdir(path("experiments"))) if f.endswith(".yaml")]
    experiments.append(path("tests/data/small-sweep.yaml"))
    for file in experiments:
        text = re.sub(r"(\n\s*scenario:\s*)\S+", r"\1scenario.yaml", open(file).read())
        text = re.sub(r"(\n\s*references:\s*)\S+", r"\1references.yaml", text)
        write("experiment", os.path.basename(file), text)


def quic_seeds():
    """The published client Initials (RFC 9001 and RFC 9369 appendix A.2), alone and twice in one
    input, and a hand-made run of Initial frames: each datagram a u16 length and its bytes."""
    def published(name):
        with open(path("tests", "data", "quic", name + ".hex")) as f:
            return bytes.fromhex("".join(line.strip() for line in f if not line.startswith("#")))
    def datagram(data):
        return struct.pack("<H", len(data)) + data
    v1, v2 = published("rfc9001-client-initial"), published("rfc9369-client-initial")
    write("quic-initial", "rfc9001-v1", datagram(v1))
    write("quic-initial", "rfc9369-v2", datagram(v2))
    write("quic-initial", "rfc9001-twice", datagram(v1) + datagram(v1))
    # PADDING, PING, ACK with one range, CRYPTO at offset 3, CONNECTION_CLOSE with a reason.
    frames = bytes([0, 1, 2, 5, 0, 1, 0, 1, 1, 6, 3, 3]) + b"abc" + bytes([0x1C, 0, 0, 2]) + b"ok"
    write("quic-initial", "frames", datagram(frames))


def rewriter_seeds():
    """The packet rewriter reads the decoder's input (a link-type byte, then a frame; its high bit
    asks for --fixcsum), so its seeds are the decoder's."""
    decoder = os.path.join(CORPUS, "packet-decoder")
    for name in sorted(os.listdir(decoder)):
        with open(os.path.join(decoder, name), "rb") as seed:
            write("packet-rewriter", name, seed.read())


def write_all():
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    capture_seeds()
    rewriter_seeds()
    yaml_seeds()
    csv_seeds()
    quic_seeds()


def tree_differences(expected, actual, where=""):
    """Files that differ, are missing or are extra in `actual` against `expected`, as relative paths."""
    comparison = filecmp.dircmp(expected, actual)
    found = ["not committed: " + os.path.join(where, f) for f in comparison.left_only]
    found += ["no longer written: " + os.path.join(where, f) for f in comparison.right_only]
    found += ["differs: " + os.path.join(where, f) for f in comparison.common_files
              if not filecmp.cmp(os.path.join(expected, f), os.path.join(actual, f), shallow=False)]
    for sub in comparison.common_dirs:
        found += tree_differences(os.path.join(expected, sub), os.path.join(actual, sub), os.path.join(where, sub))
    return sorted(found)


def check():
    """Writes everything into a scratch folder and compares it with the committed files."""
    global CORPUS, FIXTURES
    committed_corpus, committed_fixtures = CORPUS, FIXTURES
    with tempfile.TemporaryDirectory(prefix="ntlab-seeds-") as scratch:
        CORPUS, FIXTURES = os.path.join(scratch, "corpus"), os.path.join(scratch, "fixtures")
        write_all()
        found = ["corpus/" + d for d in tree_differences(CORPUS, committed_corpus)]
        for name in WRITTEN_FIXTURES:
            if not filecmp.cmp(os.path.join(FIXTURES, name), os.path.join(committed_fixtures, name), shallow=False):
                found.append("fixtures/differs: " + name)
    for line in found:
        print("make-seeds: " + line, file=sys.stderr)
    if found:
        print("make-seeds: the committed seeds are not what the script writes; run "
              "python3 tests/fuzz/make-seeds.py, review and commit", file=sys.stderr)
    return 1 if found else 0


def main():
    if sys.argv[1:] == ["--check"]:
        return check()
    if sys.argv[1:]:
        print("usage: make-seeds.py [--check]", file=sys.stderr)
        return 2
    write_all()
    for harness in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, harness))
        size = sum(os.path.getsize(os.path.join(CORPUS, harness, f)) for f in files)
        print("%-18s %3d seeds %7d bytes" % (harness, len(files), size))


if __name__ == "__main__":
    sys.exit(main())
