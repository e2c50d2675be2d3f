"""Command line: `collabqa index | ask | info | eval` (also `python -m collabqa`).

Exit codes: 0 ok, 1 failure, 2 bad input or usage. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Sequence

from .errors import CollabQAError
from .formats import describe_suffixes

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped: one line, always."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: exit 2, one line
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)}\n")


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        metavar="DIR",
        type=_path,
        default=None,
        help="index folder (default: $COLLABQA_INDEX, else the project's index/)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="collabqa",
        description="Ask questions about a folder of documents; answers cite their passages.",
        epilog="Run 'collabqa COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "index",
        help="(re)build the index from a corpus folder",
        description="Chunk, embed and index every document under the corpus folder "
        f"({describe_suffixes()}); a file that cannot be read is skipped with a warning. "
        "Unchanged files reuse their vectors; the old index stays in place until the new "
        "one is complete.\n\nexample: collabqa index --corpus ~/notes --index ~/notes-index",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--corpus",
        metavar="DIR",
        type=_path,
        default=None,
        help="folder of documents (default: $COLLABQA_CORPUS, else the project's corpus/)",
    )
    _index_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(run=cmd_index)

    p = sub.add_parser(
        "ask",
        help="answer a question from the index",
        description='Answer a question, citing passages as [n].\n\nexample: collabqa ask '
        '"Who founded ImageNet?" -k 3 --json',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("question", help="the question, in quotes")
    p.add_argument(
        "-k", "--top-k", dest="k", type=_positive_int, default=4, metavar="N",
        help="number of passages to retrieve and cite (default: 4)",
    )
    p.add_argument(
        "--summarize", action="store_true",
        help="summarize the passages with the local language model",
    )
    p.add_argument("--json", action="store_true", help="print the answer as JSON (Answer.to_dict())")
    _index_option(p)
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser(
        "info",
        help="show what the index holds and whether it is stale",
        description="Show the index's model, passage count, build time, and whether the "
        "corpus changed since.\n\nexample: collabqa info --index index/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _index_option(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=cmd_info)

    p = sub.add_parser(
        "eval",
        help="score retrieval, answers and refusals on question files",
        description="Ask every question of JSONL files and print recall@1/3/5, MRR, the "
        "share of answers holding the fact, refusals of off-topic, near-miss and answerable "
        "questions, mean cited-passage length and latency, per file and pooled.\n"
        'Each line: {"q": "...", "expect": ["phrase", ...]}, {"q": "...", "abstain": true} '
        'or {"q": "...", "abstain": true, "near_miss": true}. A line {"corpus": DIR} makes '
        "the file asked against an index of DIR (built once into the cache) when no --index "
        "is given.\n\nexample: collabqa eval --questions eval/dev_questions.jsonl --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--questions", metavar="FILE", type=_path, required=True, nargs="+",
        help="question file(s), JSON Lines with \"q\" and \"expect\" or \"abstain\"; "
        "several files are reported each and pooled",
    )
    _index_option(p)
    p.add_argument(
        "-k", "--top-k", dest="k", type=_positive_int, default=5, metavar="N",
        help="passages to retrieve per question; at least 5 are scored (default: 5)",
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.set_defaults(run=cmd_eval)
    return parser


def _path(text: str) -> Path:
    if not text.strip():  # e.g. an unset shell variable: never taken as "."
        raise argparse.ArgumentTypeError("an empty path; give a folder or file name")
    return Path(text)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _version() -> str:
    from . import __version__

    return f"collabqa {__version__}"


# --------------------------------------------------------------------------- commands


def cmd_index(args: argparse.Namespace) -> int:
    from .api import default_corpus_dir, default_index_dir
    from .store import build_index

    corpus = args.corpus or default_corpus_dir()
    index = args.index or default_index_dir()
    if not args.quiet:
        print(f"indexing {corpus} into {index} ...", file=sys.stderr)
    manifest = build_index(corpus, index, progress=not args.quiet)
    if not args.quiet:
        print(
            f"indexed {manifest['documents']} documents, {manifest['passages']} passages "
            f"({manifest['reused_passages']} reused) into {index}"
        )
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from .api import ask

    answer = ask(args.question, k=args.k, summarize=args.summarize, index_dir=args.index)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(answer.text)
    print()
    for c in answer.citations:
        where = " > ".join(part for part in (c.title, c.section) if part)
        page = f", p. {c.page}" if c.page is not None else ""
        print(f"[{c.n}] {where}  ({c.source}{page}, score {c.score:.2f})")
        print("    " + " ".join(c.text.split()))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from .api import default_index_dir
    from .store import load_index, outdated, stale_files
    from .summarize import summarizer_status

    index = load_index(args.index or default_index_dir())
    m = index.manifest
    stale = stale_files(index)
    older = outdated(index)
    summarizer, summarizer_detail = summarizer_status()  # checks files, loads nothing
    report = {
        "index": str(index.path),
        "corpus": str(index.corpus_dir),
        "model": m["model"]["name"],
        "dimension": m["model"]["dimension"],
        "index_type": m["index_type"],
        "documents": m["documents"],
        "passages": m["passages"],
        "built_at": m["built_at"],
        "stale": bool(stale or older),
        "changed_files": stale,
        "outdated": older,
        "summarizer": summarizer,
        "summarizer_files": summarizer_detail,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return EXIT_OK
    for key, value in report.items():
        if key == "stale":
            value = "yes - run 'collabqa index'" if stale or older else "no"
        elif key == "changed_files":
            value = ", ".join(stale) or "-"
        elif key == "outdated":
            value = older or "no"
        elif key == "summarizer":
            value = ("available - " if summarizer else "unavailable - ") + summarizer_detail
        elif key == "summarizer_files":
            continue  # shown on the summarizer line
        print(f"{key + ':':15}{value}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, pooled

    reports = [evaluate(path, index_dir=args.index, k=args.k) for path in args.questions]
    total = reports[0] if len(reports) == 1 else pooled(reports)
    if args.json:
        data = total.to_dict()
        if len(reports) > 1:
            data["files"] = [r.to_dict() for r in reports]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(r.format() for r in (reports if len(reports) == 1 else [*reports, total])))
    return EXIT_OK


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="collabqa: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ValueError as exc:  # bad input, including InvalidQuestionError
        print(f"collabqa: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except CollabQAError as exc:
        print(f"collabqa: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:  # `collabqa ask ... | head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # unreadable folder, name too long, disk full ...
        print(f"collabqa: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("collabqa: interrupted", file=sys.stderr)
        return 130
