"""Cost of one very long article: is every step linear in the text's length? (issue 16)

Builds bodies of 50k..1M characters from real Arabic corpus articles — with paragraph breaks,
and the same text on one line (no line breaks at all) — and runs the whole per-article pipeline
(``mawsua.app.pipeline.process``: extract, clean, annotate) on each in a fresh process,
printing CPU time (user + sys), CPU ms per 1,000 characters (flat when linear) and peak RSS.
Also one unbroken 64,000-letter "word" and 32,000 blank lines. Run: ``python bench/bench_large.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from _corpus import CORPUS

CHILD = textwrap.dedent("""
    import resource, sys, time
    from mawsua.app.pipeline import process
    from mawsua.sources.files import read_bytes
    data = sys.stdin.buffer.read()
    process(next(iter(read_bytes("كلمة عربية قصيرة".encode() * 3, where="warm.txt"))))
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    out = [process(item) for item in read_bytes(data, where="big.txt")]
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    code = getattr(out[0], "code", "ok")
    print(f"{cpu:.2f} {time.perf_counter() - t0:.2f} {r1.ru_maxrss // 1024} {code}")
""")


def body(chars: int, one_line: bool) -> str:
    texts = []
    total = 0
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("lang") == "ar" and d.get("text"):
                texts.append(d["text"])
                total += len(d["text"]) + 2
                if total > chars:
                    break
    text = "\n\n".join(texts)[:chars]
    return text.replace("\n", " ") if one_line else text


def run(label: str, text: str) -> None:
    res = subprocess.run([sys.executable, "-c", CHILD], input=text.encode("utf-8"),
                         capture_output=True, check=False)
    if res.returncode:
        print(f"{label:<28} failed: {res.stderr.decode()[-300:]}")
        return
    cpu, wall, rss, code = res.stdout.decode().split()
    per_k = 1000 * float(cpu) / max(1, len(text)) * 1000
    print(f"{label:<28} {len(text):>9,} chars  CPU {float(cpu):6.2f} s  wall {float(wall):6.2f} s"
          f"  {per_k:6.2f} ms/1k chars  peak RSS {int(rss):>5} MB  {code}")


def main() -> None:
    for n in (50_000, 250_000, 1_000_000):
        run(f"paragraphs {n // 1000}k", body(n, False))
        run(f"one line {n // 1000}k", body(n, True))
    run("one 64,000-letter word", "ب" * 64_000)
    run("32,000 blank lines", "كلمة\n" + "\n" * 32_000 + "كلمة")
    run("1.2M chars (over budget)", body(1_200_000, False))


if __name__ == "__main__":
    main()
