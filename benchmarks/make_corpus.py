#!/usr/bin/env python3
"""Write a deterministic portal content tree of N pages for build benchmarks.

    python benchmarks/make_corpus.py OUTDIR N [--seed S]

The pages are those of the peers' anchor corpus (their make_corpus.py, beside the site configs
benchmarks/peers/sites/ was copied from: same word pools, same random draws, so the same titles and
~610-word bodies for the same N and seed), written as a
valid portal content tree (docs/content-model.md):

    OUTDIR/site.yaml
    OUTDIR/topics.yaml                 the corpus's 12 topics
    OUTDIR/organisations/<slug>.md     its 32 bodies
    OUTDIR/content/<topic>/<slug>.md   N single-file pages

Differences from the peer corpus, all needed for the portal's checks:

* types: guide, answer, service -> `answer` (single-file pages; guides need part folders and start
  pages need forms), news -> `news`;
* URLs are flat (`/<slug>`), so slugs are unique across the whole site, not per topic, and links are
  written as `/<slug>`; they only point at generated pages, as the build fails on broken links;
* titles longer than 65 characters drop their qualifier ("... for landlords") and descriptions are
  kept under 160 characters, so `build.py check` reports no warnings but the style lint's (a
  passive title, a long sentence: the peers' words are kept as they are; about 5% of pages).

Stdlib only. The same (N, seed) always yields byte-identical output.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ORGANISATIONS = [
    "Department for Work and Pensions",
    "HM Revenue and Customs",
    "Driver and Vehicle Licensing Agency",
    "Home Office",
    "Department for Education",
    "Department of Health and Social Care",
    "Ministry of Justice",
    "HM Land Registry",
    "Companies House",
    "Environment Agency",
    "Foreign, Commonwealth and Development Office",
    "Department for Transport",
    "Cabinet Office",
    "HM Treasury",
    "Department for Business and Trade",
    "Department for Energy Security and Net Zero",
    "Ministry of Housing, Communities and Local Government",
    "Office for National Statistics",
    "Intellectual Property Office",
    "Student Loans Company",
    "Student Finance England",
    "Legal Aid Agency",
    "HM Courts and Tribunals Service",
    "Valuation Office Agency",
    "Maritime and Coastguard Agency",
    "Rural Payments Agency",
    "Charity Commission",
    "Disclosure and Barring Service",
    "UK Visas and Immigration",
    "Insolvency Service",
    "Ofsted",
    "Met Office",
]

TOPICS = {
    "benefits": [
        "Universal Credit",
        "Pension Credit",
        "Carer's Allowance",
        "Housing Benefit",
        "Personal Independence Payment",
        "Jobseeker's Allowance",
        "cost of living payment",
    ],
    "tax": [
        "Self Assessment",
        "VAT",
        "Income Tax",
        "Corporation Tax",
        "Capital Gains Tax",
        "National Insurance",
        "tax code",
    ],
    "driving": [
        "driving licence",
        "vehicle tax",
        "MOT",
        "theory test",
        "number plates",
        "vehicle log book",
        "penalty points",
    ],
    "visas-immigration": [
        "Skilled Worker visa",
        "Student visa",
        "Visitor visa",
        "settlement",
        "biometric residence permit",
        "family visa",
    ],
    "education": [
        "school admissions",
        "student finance",
        "apprenticeships",
        "free school meals",
        "special educational needs",
        "childcare support",
    ],
    "health-care": [
        "NHS prescriptions",
        "care home funding",
        "mental health support",
        "disability equipment",
        "Blue Badge",
        "social care assessment",
    ],
    "justice": [
        "jury service",
        "small claims",
        "legal aid",
        "court fines",
        "criminal record check",
        "divorce application",
    ],
    "housing": [
        "council tax",
        "right to buy",
        "tenancy deposit",
        "planning permission",
        "homelessness support",
        "energy efficiency grant",
    ],
    "business": [
        "company registration",
        "business rates",
        "trade marks",
        "import duties",
        "employing staff",
        "insolvency",
    ],
    "environment": [
        "flood warnings",
        "waste carrier licence",
        "farming grants",
        "water abstraction licence",
        "fishing licence",
        "tree felling licence",
    ],
    "citizenship": [
        "passports",
        "birth registration",
        "marriage certificates",
        "electoral register",
        "British citizenship",
        "death registration",
    ],
    "employment": [
        "National Minimum Wage",
        "redundancy pay",
        "holiday entitlement",
        "statutory sick pay",
        "maternity pay",
        "workplace pensions",
    ],
}

TOPIC_TITLES = {
    "benefits": "Benefits",
    "tax": "Money and tax",
    "driving": "Driving and transport",
    "visas-immigration": "Visas and immigration",
    "education": "Education and learning",
    "health-care": "Health and care",
    "justice": "Crime, justice and the law",
    "housing": "Housing and local services",
    "business": "Business and self-employed",
    "environment": "Environment and countryside",
    "citizenship": "Births, deaths and passports",
    "employment": "Working, jobs and pensions",
}

TYPES = ["guide", "answer", "news", "service"]
# The corpus's types as this portal's page types (single-file pages only).
PORTAL_TYPES = {"guide": "answer", "answer": "answer", "news": "news", "service": "answer"}
KIND_WORDS = {"guide": "Guidance", "answer": "Answer", "news": "News", "service": "Online service"}

TITLE_PATTERNS = {
    "guide": [
        "{s}: a step-by-step guide",
        "Understanding {s}",
        "{s}: eligibility and how to apply",
        "How {s} works",
        "{s} for employers",
        "{s} if you live abroad",
    ],
    "answer": [
        "Check if you can get {s}",
        "How much {s} you can get",
        "When {s} is paid",
        "What to do if your {s} claim is refused",
        "Change your {s} details",
        "Who qualifies for {s}",
    ],
    "news": [
        "Changes to {s} from April",
        "New online service for {s} launched",
        "{s}: updated guidance published",
        "Consultation on {s} reforms opens",
        "{s} rates confirmed for next year",
        "Delays to {s} processing reduced",
    ],
    "service": [
        "Apply for {s}",
        "Renew your {s}",
        "Report a change to {s}",
        "Sign in to manage {s}",
        "Pay for {s} online",
        "Book an appointment about {s}",
    ],
}

SUBJECTS = [
    "you",
    "your employer",
    "the claimant",
    "your partner",
    "the applicant",
    "a registered agent",
    "your local council",
    "the tribunal",
    "the department",
    "your landlord",
    "the named person",
    "a legal representative",
]
VERBS = [
    "must provide",
    "may need to send",
    "should check",
    "can request",
    "will receive",
    "need to update",
    "can appeal against",
    "must report",
    "may be asked for",
    "should keep a copy of",
    "can apply online for",
    "will be told about",
]
OBJECTS = [
    "proof of identity",
    "a decision letter",
    "your National Insurance number",
    "bank statements from the last 3 months",
    "evidence of your income",
    "a reference number",
    "details of your savings",
    "a signed declaration",
    "your payment schedule",
    "supporting documents",
    "a mandatory reconsideration",
    "the original certificate",
    "your tenancy agreement",
    "a fit note from a doctor",
    "the relevant form",
    "an online account",
    "a copy of your passport",
]
CLAUSES = [
    "before the deadline",
    "within 28 days",
    "if your circumstances change",
    "unless you already receive other support",
    "when you first apply",
    "if you live in Scotland or Wales",
    "as soon as possible",
    "each tax year",
    "before your appointment",
    "if you are over State Pension age",
    "while your claim is being assessed",
    "after you get a decision",
    "if you are self-employed",
    "if you have a disability or health condition",
    "during the cost of living period",
    "by post or online",
]
CONNECTIVES = [
    "However,",
    "In most cases,",
    "If this applies,",
    "You should note that",
    "For example,",
    "As a result,",
    "In some circumstances,",
    "Alternatively,",
    "Once this is done,",
    "Where possible,",
]
FILLER = [
    "Payments are usually made every 4 weeks into a bank, building society or credit union "
    "account.",
    "It can take up to 8 weeks to process your application.",
    "You will not be penalised for reporting a change late if you had a good reason.",
    "Contact the helpline if you cannot use the online service.",
    "Keep a record of any correspondence in case you need to refer to it later.",
    "Fees are not refundable once your application has been submitted.",
    "The amount you get depends on your circumstances and household income.",
    "You may be able to get help with the cost from your local council.",
    "Information about you may be shared with other government departments.",
    "Textphone and relay services are available if you are deaf or have a speech impairment.",
    "The service is available 24 hours a day, except for planned maintenance.",
    "You can ask someone you trust to help you fill in the form.",
]
SECTION_HEADS = [
    "Eligibility",
    "What you'll need",
    "How to apply",
    "After you apply",
    "How much you can get",
    "How you're paid",
    "Report a change",
    "If you disagree with a decision",
    "Deadlines",
    "Fees",
    "Get help",
    "Other support you can get",
    "Overview",
    "Exceptions",
    "Documents you must provide",
    "Contact",
]
LINK_INTROS = [
    "Find out more about",
    "Read the guidance on",
    "See also",
    "Check",
    "Read about",
    "You can also",
]
QUALIFIERS = [
    "",
    "",
    "",
    "",
    " if you're self-employed",
    " for carers",
    " in Scotland",
    " in Wales",
    " in Northern Ireland",
    " if you're disabled",
    " for students",
    " for landlords",
    " if you're over 65",
    " for small businesses",
    " for veterans",
    " if you've moved house",
    " for sole traders",
    " for families",
]
MONTHS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]

TITLE_MAX = 65  # the portal warns past these (app/content/models.py)
DESCRIPTION_MAX = 160
# First path segments the portal keeps for itself (app/content/crossref.py RESERVED_SLUGS).
RESERVED = {
    "a-to-z",
    "api",
    "assets",
    "browse",
    "feeds",
    "forms",
    "media",
    "news",
    "organisations",
    "search",
    "sitemap-xml",
    "robots-txt",
    "404",
    "index",
    "print",
    "static",
}
SITE_ORGANISATION = "Cabinet Office"
DEFAULT_SEED = 20240501


def slugify(text: str) -> str:
    out: list[str] = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(rng: random.Random, subject: str) -> str:
    r = rng.random()
    if r < 0.25:
        return rng.choice(FILLER)
    if r < 0.45:
        return (
            f"{rng.choice(CONNECTIVES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
        )
    if r < 0.65:
        return (
            f"To get {subject}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        )
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    return s[0].upper() + s[1:]


def paragraph(rng: random.Random, subject: str, n_min: int = 3, n_max: int = 6) -> str:
    return " ".join(sentence(rng, subject) for _ in range(rng.randint(n_min, n_max)))


def plan_pages(n: int, rng: random.Random) -> list[dict]:
    """The pages, drawing from `rng` exactly as the peer corpus does."""
    topics = sorted(TOPICS)
    pages, used, peer_used = [], set(RESERVED), set()
    for i in range(n):
        topic = topics[i % len(topics)]
        subject = rng.choice(TOPICS[topic])
        kind = TYPES[rng.randrange(len(TYPES))]
        base_title = rng.choice(TITLE_PATTERNS[kind]).format(s=subject)
        qualifier = rng.choice(QUALIFIERS)
        title = base_title + qualifier
        title = title[0].upper() + title[1:]
        # the peer corpus's slug (unique per topic) seeds the body, so bodies match the peers'
        peer_base = slugify(title)
        peer_slug, k = peer_base, 2
        while (topic, peer_slug) in peer_used:
            peer_slug = f"{peer_base}-{k}"
            k += 1
        peer_used.add((topic, peer_slug))
        if len(title) > TITLE_MAX:
            title = base_title
        title = title[0].upper() + title[1:]
        base = slugify(title)
        slug, k = base, 2
        while slug in used:
            slug = f"{base}-{k}"
            k += 1
        used.add(slug)
        pages.append(
            {
                "topic": topic,
                "subject": subject,
                "kind": kind,
                "title": title,
                "slug": slug,
                "peer_slug": peer_slug,
                "organisation": rng.choice(ORGANISATIONS),
                "updated": (
                    f"20{rng.randint(19, 25):02d}-{rng.choice(MONTHS)}-{rng.randint(1, 28):02d}"
                ),
            }
        )
    return pages


def body(page: dict, pages: list[dict], rng: random.Random) -> str:
    """~300-800 words: H2 sections, paragraphs, bullet lists and links to other pages."""
    subject = page["subject"]
    target = rng.randint(300, 800)
    parts = [paragraph(rng, subject, 2, 3)]
    words = len(parts[-1].split())
    heads = rng.sample(SECTION_HEADS, len(SECTION_HEADS))
    hi = 0
    while words < target:
        head = heads[hi % len(heads)]
        hi += 1
        parts.append("## " + head)
        para = paragraph(rng, subject)
        parts.append(para)
        words += len(para.split()) + len(head.split())
        r = rng.random()
        if r < 0.5:
            items = [
                "- " + rng.choice(OBJECTS) + " " + rng.choice(CLAUSES)
                for _ in range(rng.randint(3, 6))
            ]
            parts.append("\n".join(items))
            words += sum(len(x.split()) for x in items)
        elif r < 0.75:
            links = []
            for _ in range(rng.randint(2, 4)):
                other = pages[rng.randrange(len(pages))]
                links.append(f"- [{other['title']}](/{other['slug']})")
            parts.append(f"{rng.choice(LINK_INTROS)}:\n\n" + "\n".join(links))
            words += sum(len(x.split()) for x in links)
        if rng.random() < 0.3:
            other = pages[rng.randrange(len(pages))]
            para = f"{rng.choice(LINK_INTROS)} [{other['title'].lower()}](/{other['slug']})."
            parts.append(para)
            words += len(para.split())
    return "\n\n".join(parts) + "\n"


def description(page: dict, rng: random.Random) -> str:
    kind, org = KIND_WORDS[page["kind"]], page["organisation"]
    text = f"{kind} from the {org}. {paragraph(rng, page['subject'], 1, 1)}"
    if len(text) > DESCRIPTION_MAX:
        text = f"{kind} from the {org} about {page['subject']}."
    return text


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_site(out: Path) -> None:
    write(
        out / "site.yaml",
        "\n".join(
            [
                "name: GOV.BENCH",
                "title_suffix: GOV.BENCH",
                f"organisation: {slugify(SITE_ORGANISATION)}",
                "base_url: https://www.gov.bench.example",
                "language: en",
                "feedback_email: feedback@gov.bench.example",
                'phase_banner: {tag: Beta, text: "This is a generated benchmark site."}',
                "licence: Generated text for build benchmarks.",
                "copyright: © Benchmark",
                "",
            ]
        ),
    )
    lines = []
    for slug in sorted(TOPICS):
        subjects = TOPICS[slug]
        lines += [
            f"- slug: {slug}",
            f"  title: {yaml_str(TOPIC_TITLES[slug])}",
            f"  description: {yaml_str(', '.join(subjects[:3]) + ' and more.')}",
        ]
    write(out / "topics.yaml", "\n".join(lines) + "\n")
    for index, name in enumerate(ORGANISATIONS):
        write(
            out / "organisations" / f"{slugify(name)}.md",
            "\n".join(
                [
                    "---",
                    f"title: {yaml_str(name)}",
                    f"description: {yaml_str(f'What the {name} does and the services it runs.')}",
                    f"updated: 2025-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
                    "---",
                    f"The {name} is one of the {len(ORGANISATIONS)} bodies of this generated "
                    "benchmark site.",
                    "",
                    "We are responsible for:",
                    "",
                    "- the services listed on this page",
                    "- the guidance and news we publish",
                    "",
                ]
            ),
        )


def make_corpus(out: Path, n: int, seed: int = DEFAULT_SEED) -> dict:
    """Write the tree; return counts (pages, body words)."""
    out = Path(out)
    write_site(out)
    rng = random.Random(seed)
    pages = plan_pages(n, rng)
    total_words = 0
    for page in pages:
        prng = random.Random(f"{seed}:{page['topic']}:{page['peer_slug']}")
        text = body(page, pages, prng)
        total_words += len(text.split())
        front = "\n".join(
            [
                "---",
                f"title: {yaml_str(page['title'])}",
                f"description: {yaml_str(description(page, prng))}",
                f"type: {PORTAL_TYPES[page['kind']]}",
                f"organisation: {slugify(page['organisation'])}",
                f"topics: [{page['topic']}]",
                f"updated: {page['updated']}",
                "---",
                "",
            ]
        )
        write(out / "content" / page["topic"] / f"{page['slug']}.md", front + "\n" + text)
    return {"pages": n, "words": total_words}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outdir", type=Path, help="where to write the content tree")
    parser.add_argument("n", type=int, help="number of pages")
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default: {DEFAULT_SEED}, as the peer corpus)",
    )
    args = parser.parse_args(argv)
    counts = make_corpus(args.outdir, args.n, args.seed)
    print(
        f"wrote {counts['pages']} pages, {counts['words']} body words "
        f"(avg {counts['words'] / max(args.n, 1):.0f}) to {args.outdir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
