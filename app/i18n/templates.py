"""Jinja's i18n extension on the portal's catalogues, for any Jinja environment: the Flask app's
(app/i18n/web.py) and the mail's (app/mail/compose.py), which renders without Flask.

New-style gettext, as Jinja's extension has it: variables are given to the call and escaped
(`_("Search %(site)s", site=name)`), and the message is safe markup where the template
autoescapes. The functions are the extension's, written without its second
`context.call` per message (a page makes some forty): they take only the eval context.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import ChainMap
from pathlib import Path

from jinja2 import Environment, pass_context, pass_eval_context
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_COMMA,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from . import current_language
from .catalogues import translations


@pass_eval_context
def template_gettext(eval_context: EvalContext, message: str, /, **variables) -> str:
    text = translations(current_language()).gettext(message)
    if eval_context.autoescape:
        text = Markup(text)
    return text % variables if variables else text


@pass_eval_context
def template_ngettext(
    eval_context: EvalContext, singular: str, plural: str, n: int, /, **variables
) -> str:
    text = translations(current_language()).ngettext(singular, plural, n)
    if eval_context.autoescape:
        text = Markup(text)
    variables.setdefault("num", n)
    return text % variables


def install_gettext(environment: Environment) -> None:
    """`_()`, `gettext()`, `ngettext()` and `{% trans %}` in the current language."""
    environment.add_extension("jinja2.ext.i18n")
    environment.add_extension(MessagesAsFilters)
    environment.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)
    # the extension wraps them in its own new-style functions: use them as they are
    environment.globals.update(
        _=template_gettext, gettext=template_gettext, ngettext=template_ngettext
    )
    environment.globals["current_language"] = current_language
    environment.filters[MESSAGE_FILTER] = message_now


# -- constant messages, translated once per language ---------------------------------------------
#
# Most of a page's messages are constants: `{{ _("Skip to main content") }}`. Each is a call at
# every render (a few microseconds, some forty a page); instead the templates are compiled once
# per language (LanguageEnvironment) and a constant message is folded into the compiled
# template as its translation. `MessagesAsFilters` rewrites `_("…")` to the filter
# `("…" | _message)`, which Jinja folds when its value is constant; `_("… %(x)s", x=…)` becomes
# a direct filter call, without the call machinery a global function goes through.

MESSAGE_FILTER = "_message"


def _translated(language: str, autoescape: bool, message: str, variables: dict):
    text = translations(language).gettext(message)
    if autoescape:
        text = Markup(text)
    return text % variables if variables else text


@pass_context
def message_now(context: Context, message: str, /, **variables):
    """The filter of an environment that is not one language's: translated at each render."""
    return _translated(current_language(), context.eval_ctx.autoescape, message, variables)


def message_in(language: str):
    """The filter of one language's environment: a constant message is translated when the
    template is compiled."""

    @pass_eval_context
    def message(eval_context: EvalContext, message: str, /, **variables):
        return _translated(language, eval_context.autoescape, message, variables)

    return message


class MessagesAsFilters(Extension):
    """`_("…")` and `_("…", name=value)` become `("…" | _message)` and
    `("…" | _message(name=value))`; any other `_(…)` stays a call."""

    def filter_stream(self, stream: TokenStream):
        tokens = iter(stream)
        for token in tokens:
            if token.type != TOKEN_NAME or token.value != "_":
                yield token
                continue
            following = [next(tokens, None), next(tokens, None), next(tokens, None)]
            opened, literal, after = following
            if not (
                opened is not None
                and opened.type == TOKEN_LPAREN
                and literal is not None
                and literal.type == TOKEN_STRING
                and after is not None
                and after.type in (TOKEN_RPAREN, TOKEN_COMMA)
            ):
                yield token
                yield from (t for t in following if t is not None)
                continue
            line = token.lineno
            yield Token(line, TOKEN_LPAREN, "(")
            yield literal
            yield Token(line, TOKEN_PIPE, "|")
            yield Token(line, TOKEN_NAME, MESSAGE_FILTER)
            if after.type == TOKEN_COMMA:  # the variables, to the call's closing parenthesis
                yield Token(line, TOKEN_LPAREN, "(")
                yield from _to_closing(tokens)
            yield Token(line, TOKEN_RPAREN, ")")


def _to_closing(tokens):
    depth = 1
    for token in tokens:
        if token.type in (TOKEN_LPAREN, "lbracket", "lbrace"):
            depth += 1
        elif token.type in (TOKEN_RPAREN, "rbracket", "rbrace"):
            depth -= 1
        yield token
        if depth == 0:
            return


# -- compiled once per process ------------------------------------------------------------------
#
# Compiling the templates a page uses (layout, GOV.UK Frontend's macros, a form's pages) takes a
# second or more, once for each language, and each app has its own environments: a process
# that makes several apps (the tests make hundreds, the build one in each worker) would compile
# them again for each. Jinja's bytecode cache keeps them here instead, in memory, per language
# and per catalogue (a constant message is compiled in as its translation, so a new catalogue,
# such as the tests' pseudo-locale, must not see code compiled with the old one), and per
# environment settings that change what compiling makes. A template whose source changed has
# another checksum, so it is compiled afresh (development's template reloading).

_compiled: dict[tuple, tuple[object, dict]] = {}


def _compiling_settings(environment: Environment) -> tuple:
    autoescape = environment.autoescape
    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        tuple(sorted(environment.extensions)),
        getattr(autoescape, "__func__", autoescape),  # Flask's is a method of each app
    )


class CompiledTemplates(BytecodeCache):
    """One language's compiled templates, shared by every environment of this process that
    compiles the same way, and kept on disk if a folder is given (`keep_compiled_in`)."""

    def __init__(self, language: str):
        self.language = language

    def _codes(self, environment: Environment) -> dict:
        key = (self.language, _compiling_settings(environment))
        catalogue = translations(self.language)
        held = _compiled.get(key)
        if held is None or held[0] is not catalogue:
            held = _compiled[key] = (catalogue, {})
        return held[1]

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        bucket = Bucket(
            environment, self.get_cache_key(name, filename), self.get_source_checksum(source)
        )
        codes = self._codes(environment)
        bucket.code = codes.get((bucket.key, bucket.checksum))
        if bucket.code is None and _kept_in is not None:
            with contextlib.suppress(OSError), open(self._file(bucket), "rb") as file:
                bucket.load_bytecode(file)  # none if not compiled for this Python or source
            if bucket.code is not None:
                codes[(bucket.key, bucket.checksum)] = bucket.code
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        self._codes(bucket.environment)[(bucket.key, bucket.checksum)] = bucket.code
        if _kept_in is not None:
            path = self._file(bucket)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(temporary, "wb") as file:
                    bucket.write_bytecode(file)
                os.replace(temporary, path)  # whole, or not there: processes share the folder

    def _file(self, bucket: Bucket) -> Path:
        """Its file: named by the template and all that compiling it depends on here (the
        language, its catalogue, the environment's settings); its source's checksum and the
        Python it was compiled for are in the file (Jinja's Bucket checks them)."""
        settings = _compiling_settings(bucket.environment)
        named = [self.language, _catalogue_digest(translations(self.language)), bucket.key]
        named += [f"{v.__module__}.{v.__qualname__}" if callable(v) else repr(v) for v in settings]
        digest = hashlib.blake2b("\0".join(named).encode(), digest_size=16).hexdigest()
        return _kept_in / f"{digest}.jinja"


# Kept between processes: a build with a cache folder keeps the compiled templates there
# (app/pipeline), so the next build, which for a one-page edit renders a page or two, loads
# them rather than compiling them again (a tenth of a second). The build clears the folder
# when its code or packages change (its build key), as the compiled code depends on them too.
_kept_in: Path | None = None
_catalogue_digests: dict[int, tuple[object, str]] = {}


def keep_compiled_in(folder: Path | None) -> None:
    """Keep compiled templates in this folder from now on (None: in memory only)."""
    global _kept_in
    _kept_in = Path(folder) if folder is not None else None


def _catalogue_digest(catalogue) -> str:
    held = _catalogue_digests.get(id(catalogue))
    if held is None or held[0] is not catalogue:
        messages = sorted(map(repr, getattr(catalogue, "_catalog", {}).items()))
        digest = hashlib.blake2b("\0".join(messages).encode(), digest_size=16).hexdigest()
        held = _catalogue_digests[id(catalogue)] = (catalogue, digest)
    return held[1]


class LanguageEnvironment(Environment):
    """Flask's Jinja environment, whose templates are compiled once for each language: a
    template is loaded from the current language's own environment (an overlay sharing the
    loader, globals and settings), in which constant messages are already translated."""

    def for_language(self, language: str) -> Environment:
        overlays = self.__dict__.setdefault("_languages", {})
        if language not in overlays:
            overlay = self.overlay(
                cache_size=getattr(self.cache, "capacity", 400),
                bytecode_cache=CompiledTemplates(language),
            )
            # its own message filter before the app's filters, which stay live (a blueprint
            # may add one after the first page is rendered)
            overlay.filters = ChainMap({MESSAGE_FILTER: message_in(language)}, self.filters)
            overlays[language] = overlay
        return overlays[language]

    def _load_template(self, name, globals):
        if self.linked_to is None:  # the app's own: each language's
            return self.for_language(current_language())._load_template(name, globals)
        return super()._load_template(name, globals)
