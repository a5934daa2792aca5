"""Time render_markdown on a typical ~600-word page (python benchmarks/markdown_render.py).

Prints CPU time (process_time) beside wall time: the benchmark machine is shared, and CPU time
is what stays comparable when other work is running.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.markdown import MarkdownContext, render_markdown

para = (
    "You can tax your vehicle online, by phone or at a post office. You need your "
    "[vehicle log book](/v5c) or a reminder letter. The VA will send a confirmation by email "
    "once you have paid. Payments by **direct debit** can be made monthly."
)
page = "*[VA]: Vehicle Agency\n\n" + "\n\n".join(
    [
        para,
        "## What you need",
        "- your reference number\n- a bank card\n- the log book",
        para,
        "^You must tax your vehicle even if you do not have to pay anything.^",
        "## Rates",
        para,
        "| # Band | Rate |\n| --- | ---: |\n| # A | £20 |\n| # B | £35 |",
        para,
        "$CTA\n" + para + "\n$CTA",
        "## Other ways to pay",
        "s1. Call the VA\ns2. Give your reference",
        para,
        para,
        para,
        "%Do not send cash by post.%",
        para + "[^1]",
        "[^1]: Rates from April.",
        para,
        para,
        para,
    ]
)
print("words:", len(page.split()))
ctx = MarkdownContext(site_host="www.gov.nm.example", link_exists=lambda p: True)
render_markdown(page, ctx)
n = 2000
wall, cpu = time.perf_counter(), time.process_time()
for _ in range(n):
    render_markdown(page, ctx)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"{cpu / n * 1000:.3f} ms of CPU per page ({wall / n * 1000:.3f} ms wall)")
