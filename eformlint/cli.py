"""The command line: ``eformlint check``, ``eformlint rules`` and ``eformlint explain``.

The commands parse options and call :func:`run_check`, which takes its streams as
arguments and returns the exit code. The code is 0 when no finding reaches the failing
severity and 1 when one does. It is 2 for a usage or configuration error, a missing path
or an internal error.
Help texts follow the chosen language, so the language is resolved before the commands
are built.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Sequence

import click

from eformlint import __version__
from eformlint.api import lint_paths, lint_text
from eformlint.baseline import BaselineError
from eformlint.baseline import write as write_baseline_file
from eformlint.config import ConfigError, load_config
from eformlint.discover import MissingPathError, display_path
from eformlint.engine import InternalError
from eformlint.findings import Severity
from eformlint.fix import plan_fixes, write_fix
from eformlint.i18n import ENV_VAR, Lang, resolve_language, t
from eformlint.parallel import default_jobs
from eformlint.reporters import FORMATS, get_writer
from eformlint.reporters import text as text_reporter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# A progress bar is drawn on a terminal when a run checks at least this many files.
PROGRESS_MIN_FILES = 20


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_output(spec: str) -> tuple[str, str]:
    """Split ``FORMAT:PATH`` (for example ``sarif:results.sarif``) of ``--output``."""
    name, separator, path = spec.partition(":")
    if not separator or name not in FORMATS or not path:
        raise click.BadParameter(f"{spec!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}")
    return name, path


def run_check(
    paths: Sequence[str],
    *,
    output_format: str = "text",
    output_file: str | None = None,
    outputs: Sequence[tuple[str, str]] = (),
    lang_option: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    config_path: str | None = None,
    fail_on: str | None = None,
    exit_zero: bool = False,
    colour: bool = False,
    baseline: str | None = None,
    write_baseline: str | None = None,
    stdin_filename: str | None = None,
    statistics: bool = False,
    show_progress: bool = False,
    fix: bool = False,
    diff: bool = False,
    jobs: int = 1,
    cache: bool = False,
    force_exclude: bool = False,
    stdin: IO[str] | IO[bytes] | None = None,
    stdout: IO[str],
    stderr: IO[str],
) -> int:
    lang: Lang = resolve_language(lang_option)
    if (fix or diff) and (stdin_filename is not None or list(paths) == ["-"]):
        stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.fix_needs_files', lang)}\n")
        return EXIT_ERROR
    try:
        loaded = load_config(Path(config_path) if config_path else None)
        lang = resolve_language(lang_option, loaded.config.lang)
        baseline_path = Path(baseline) if baseline and not write_baseline else None
        if write_baseline:
            # Record everything: an existing baseline must not hide findings from the new one.
            loaded.config.baseline = None
        if stdin_filename is not None or list(paths) == ["-"]:
            data = _read_stdin(stdin)
            report = lint_text(data, stdin_filename or "<stdin>", loaded, _split(select), _split(ignore), baseline_path)
        else:
            progress = _progress_bar(stderr) if show_progress else None
            report = lint_paths(list(paths) or ["."], loaded, _split(select), _split(ignore), baseline_path, progress,
                                jobs=jobs, cache=cache, force_exclude=force_exclude)
    except MissingPathError as exc:
        stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.missing_path', lang, path=exc.args[0])}\n")
        return EXIT_ERROR
    except (ConfigError, BaselineError) as exc:
        stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.config_error', lang, detail=str(exc))}\n")
        return EXIT_ERROR
    except InternalError as exc:
        stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.internal_error', lang, detail=str(exc))}\n")
        return EXIT_ERROR

    if not report.files:
        stderr.write(t("text.no_files", lang, patterns=", ".join(loaded.config.include)) + "\n")

    if fix or diff:
        plans = plan_fixes(report.findings, {file.path: Path(file.source) for file in report.files if file.source})
        if diff:
            stdout.write("".join(plan.diff() for plan in plans))
            return EXIT_FINDINGS if plans and not exit_zero else EXIT_CLEAN
        try:
            for plan in plans:
                write_fix(plan)
        except OSError as exc:
            stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.output_error', lang, path=exc.filename, detail=exc.strerror or exc)}\n")
            return EXIT_ERROR
        stderr.write(t("cli.fixed", lang, texts=sum(len(plan.repaired) for plan in plans), files=len(plans)) + "\n")
        if plans:  # report what is left after the repairs
            report = lint_paths(list(paths) or ["."], loaded, _split(select), _split(ignore), baseline_path,
                                jobs=jobs, cache=cache, force_exclude=force_exclude)

    if write_baseline:
        count = write_baseline_file(report.findings, Path(write_baseline))
        stderr.write(t("cli.baseline_written", lang, path=write_baseline, entries=count, findings=len(report.findings)) + "\n")
        return EXIT_CLEAN

    destinations = list(outputs)
    if output_file:
        destinations.insert(0, (output_format, output_file))
    for name, path in destinations:
        writer = get_writer(name)
        try:
            _write_atomically(Path(path), lambda stream, writer=writer: writer(report, stream, lang))
        except OSError as exc:
            stderr.write(f"{t('cli.error_prefix', lang)}: {t('cli.output_error', lang, path=path, detail=exc.strerror or exc)}\n")
            return EXIT_ERROR
    if not output_file:
        if output_format == "text":
            text_reporter.write(report, stdout, lang, colour=colour)
        else:
            get_writer(output_format)(report, stdout, lang)
    elif output_format != "text" or destinations:
        stderr.write(text_reporter.summary(report, lang) + "\n")
    if report.stale_baseline:
        stderr.write(t("cli.baseline_stale", lang, count=len(report.stale_baseline)) + "\n")
    if statistics:
        stderr.write(text_reporter.statistics(report, lang))

    if exit_zero:
        return EXIT_CLEAN
    threshold = Severity.parse(fail_on or loaded.config.fail_on)
    failing = any(finding.severity >= threshold for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _read_stdin(stdin) -> bytes:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _progress_bar(stream: IO[str]):
    """Draw a progress line on a terminal for runs over many files."""
    state = {"bar": None}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        if state["bar"] is None:
            state["bar"] = click.progressbar(length=total, file=stream, label="eformlint", show_pos=True)
            state["bar"].__enter__()
        state["bar"].update(1)
        if done == total:
            state["bar"].__exit__(None, None, None)

    return update


def _write_atomically(path: Path, produce) -> None:
    """Write through a temporary file in the same folder, then rename it into place.

    The result gets the permissions a newly created file would get (0666 less the umask),
    not the owner-only mode of the temporary file, so a shared report stays readable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            produce(handle)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _language_from_argv(argv: Sequence[str]) -> Lang:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return resolve_language(argv[index + 1])
        if arg.startswith("--lang="):
            return resolve_language(arg.split("=", 1)[1])
    return resolve_language(None)


def build_cli(lang: Lang) -> click.Group:
    """Build the command group with help texts in ``lang``."""

    @click.group(help=t("help.main", lang), context_settings={"help_option_names": []})
    @click.help_option("-h", "--help", help=t("help.help", lang))
    @click.version_option(__version__, "--version", prog_name="eformlint", help=t("help.version", lang))
    def cli() -> None:
        pass

    @cli.command("check", help=t("help.check", lang), context_settings={"help_option_names": []})
    @click.help_option("-h", "--help", help=t("help.help", lang))
    @click.argument("paths", nargs=-1, type=click.Path(path_type=str))
    @click.option("--output-format", "-f", type=click.Choice(FORMATS), default="text", help=t("help.output_format", lang))
    @click.option("--output-file", "-o", type=click.Path(dir_okay=False, path_type=str), help=t("help.output_file", lang))
    @click.option("--output", "outputs", multiple=True, metavar="FORMAT:PATH", help=t("help.output", lang))
    @click.option("--lang", "lang_option", type=click.Choice(["vi", "en"]), help=t("help.lang", lang))
    @click.option("--select", multiple=True, help=t("help.select", lang))
    @click.option("--ignore", multiple=True, help=t("help.ignore", lang))
    @click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), help=t("help.config", lang))
    @click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help=t("help.fail_on", lang))
    @click.option("--exit-zero", is_flag=True, help=t("help.exit_zero", lang))
    @click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", help=t("help.color", lang))
    @click.option("--baseline", type=click.Path(dir_okay=False, path_type=str), help=t("help.baseline", lang))
    @click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=str), help=t("help.write_baseline", lang))
    @click.option("--stdin-filename", help=t("help.stdin_filename", lang))
    @click.option("--statistics", is_flag=True, help=t("help.statistics", lang))
    @click.option("--fix", is_flag=True, help=t("help.fix", lang))
    @click.option("--diff", is_flag=True, help=t("help.diff", lang))
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help=t("help.jobs", lang))
    @click.option("--no-cache", is_flag=True, help=t("help.no_cache", lang))
    @click.option("--force-exclude", is_flag=True, help=t("help.force_exclude", lang))
    def check(paths, output_format, output_file, outputs, lang_option, select, ignore, config_path, fail_on, exit_zero,
              color, baseline, write_baseline, stdin_filename, statistics, fix, diff, jobs, no_cache,
              force_exclude):
        stdout = sys.stdout
        stderr = sys.stderr
        colour = color == "always" or (color == "auto" and stdout.isatty() and not os.environ.get("NO_COLOR"))
        code = run_check(
            paths,
            output_format=output_format,
            output_file=output_file,
            outputs=[parse_output(spec) for spec in outputs],
            lang_option=lang_option,
            select=select,
            ignore=ignore,
            config_path=config_path,
            fail_on=fail_on,
            exit_zero=exit_zero,
            colour=colour,
            baseline=baseline,
            write_baseline=write_baseline,
            stdin_filename=stdin_filename,
            statistics=statistics,
            show_progress=stderr.isatty(),
            fix=fix,
            diff=diff,
            jobs=jobs or default_jobs(),
            cache=not no_cache,
            force_exclude=force_exclude,
            stdout=stdout,
            stderr=stderr,
        )
        sys.exit(code)

    @cli.command("config", help=t("help.config_show", lang), context_settings={"help_option_names": []})
    @click.help_option("-h", "--help", help=t("help.help", lang))
    @click.argument("file", required=False)
    @click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), help=t("help.config", lang))
    def show_config(file, config_path):
        try:
            loaded = load_config(Path(config_path) if config_path else None)
        except ConfigError as exc:
            click.echo(f"{t('cli.error_prefix', lang)}: {t('cli.config_error', lang, detail=str(exc))}", err=True)
            sys.exit(EXIT_ERROR)
        display = display_path(Path(file), loaded.root) if file else ""
        config = loaded.for_file(display) if display else loaded.config
        payload = {"config_file": str(loaded.path) if loaded.path else None, "file": display or None,
                   "settings": config.model_dump(mode="json", by_alias=True)}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))

    @cli.command("rules", help=t("help.rules", lang), context_settings={"help_option_names": []})
    @click.help_option("-h", "--help", help=t("help.help", lang))
    @click.option("--area", type=click.Choice(list(_areas())), help=t("help.area", lang))
    @click.option("--lang", "lang_option", type=click.Choice(["vi", "en"]), help=t("help.lang", lang))
    @click.option("--all", "show_all", is_flag=True, help=t("help.all", lang))
    def rules(area, lang_option, show_all):
        from eformlint.explain import list_rules

        click.echo(list_rules(resolve_language(lang_option), area, show_all), nl=False)

    @cli.command("explain", help=t("help.explain", lang), context_settings={"help_option_names": []})
    @click.help_option("-h", "--help", help=t("help.help", lang))
    @click.argument("code")
    @click.option("--lang", "lang_option", type=click.Choice(["vi", "en"]), help=t("help.lang", lang))
    def explain(code, lang_option):
        from eformlint.explain import explain_rule

        chosen = resolve_language(lang_option)
        text = explain_rule(code, chosen)
        if text is None:
            click.echo(f"{t('cli.error_prefix', chosen)}: {t('cli.unknown_rule', chosen, code=code)}", err=True)
            sys.exit(EXIT_ERROR)
        click.echo(text, nl=False)

    return cli


def _areas():
    from eformlint.rule import AREAS

    return AREAS


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    # ``eformlint --lang en rules`` works too: a leading --lang applies to every command.
    if len(args) >= 2 and args[0] == "--lang":
        os.environ[ENV_VAR] = args[1]
        args = args[2:]
    elif args and args[0].startswith("--lang="):
        os.environ[ENV_VAR] = args[0].split("=", 1)[1]
        args = args[1:]
    cli = build_cli(_language_from_argv(args))
    cli.main(args=args, prog_name="eformlint")
