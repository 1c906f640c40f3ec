"""The command line: options -> Settings -> build. The only module that imports Click."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__
from generator.errors import ContentError, PrinciplesError
from generator.settings import DEFAULT_OUTPUT, Settings
from generator.targets import (
    BLEED_RANGE,
    DEFAULT_BLEED,
    DEFAULT_OUTPUT_INTENT,
    DEFAULT_TARGET,
    LOGO_PPI_MIN,
    PROFILES,
    TARGET_NAMES,
    Target,
)

TARGETS = list(TARGET_NAMES)
SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool whose reader went away


class _Group(click.Group):
    """Turns our errors into one clear line and exit 1; tracebacks only with --debug."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        """The product commands come from the registry, whose modules import ReportLab: a product's
        command loads that product alone (the command list loads them all), check and preview none.
        """
        found = super().get_command(ctx, cmd_name)
        if found is None and _product_commands(cmd_name):
            found = super().get_command(ctx, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        _product_commands()
        return super().list_commands(ctx)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """A mistyped command gets the nearest one suggested ('posters': did you mean 'poster'?),
        as a mistyped option does."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            name = args[0] if args else ""
            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            if not near or name.startswith("-"):
                raise
            raise click.UsageError(f"No such command '{name}'. Did you mean '{near[0]}'?", ctx) from exc

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader that went away (| head) shows here, not at exit
            return result
        except BrokenPipeError:
            _quiet_broken_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except PrinciplesError as exc:
            if _debug(ctx):
                raise
            lines = exc.lines() if isinstance(exc, ContentError) else [str(exc)]
            for line in lines:
                click.echo(f"error: {line}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug, not bad input: still one line unless --debug
            if _debug(ctx):
                raise
            click.echo(
                f"error: unexpected {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and report it)",
                err=True,
            )
            sys.exit(1)


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (principles validate | head): stop quietly, as Unix
    tools do, with nothing on stderr, not even when Python flushes stdout at exit.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        pass
    sys.exit(SIGPIPE_EXIT)


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug")) or "--debug" in sys.argv[1:]


def _common(f):
    """-q and --debug work after the command name too (principles poster -q)."""

    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            ctx.ensure_object(dict)[param.name] = True

    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=remember, help="Print errors only.")(f)
    return click.option(
        "--debug", is_flag=True, expose_value=False, callback=remember, help="Show full tracebacks on errors."
    )(f)


def _content_option(f):
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Content folder (default: ./content if there is one, else the bundled content).",
    )(f)


def _brand_options(f):
    f = click.option(
        "--allow-low-res",
        is_flag=True,
        help=f"Let a logo under {LOGO_PPI_MIN} ppi into press files (it will look soft).",
    )(f)
    return click.option(
        "--brand",
        "brand_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Brand file (TOML) for a local edition: see 'principles brand init'.",
    )(f)


def _intent_option(f):
    from generator.pdf.pdfx import OUTPUT_INTENTS

    return click.option(
        "--output-intent",
        type=click.Choice(list(OUTPUT_INTENTS), case_sensitive=False),
        default=DEFAULT_OUTPUT_INTENT,
        show_default=True,
        help="Printing condition named in press (PDF/X-1a) files.",
    )(f)


def _settings(
    ctx: click.Context,
    content_dir: Path | None,
    bleed: float = DEFAULT_BLEED,
    output_intent: str = DEFAULT_OUTPUT_INTENT,
) -> Settings:
    from generator.settings import epoch_from_environment
    from generator.workspace import find_content

    content_dir, how = find_content(content_dir)
    ctx.obj["content_line"] = f"content: {content_dir} ({how})"  # said once the run has made its files
    kwargs = {"content_dir": content_dir}
    params = ctx.params
    return Settings(
        bleed=bleed,
        quiet=ctx.obj["quiet"],
        source_date_epoch=epoch_from_environment(),
        output_intent=output_intent.lower(),
        brand_path=params.get("brand_path"),
        allow_low_res=bool(params.get("allow_low_res")),
        **kwargs,
    )


def _pdf_name(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """-o names the PDF to write: a name that does not end in .pdf (poster.png, say) would get a PDF
    under a name that says otherwise."""
    if value is not None and value.suffix.lower() != ".pdf":
        hint = " ('principles preview' turns a PDF into PNGs)" if value.suffix.lower() in _IMAGE_SUFFIXES else ""
        raise click.BadParameter(f"{value}: this writes a PDF: give it a name ending in .pdf{hint}")
    return value


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp", ".svg")


def _bleed(ctx: click.Context, param: click.Parameter, value: float) -> float:
    import math

    low, high = BLEED_RANGE
    if not math.isfinite(value) or value > high:
        raise click.BadParameter(f"{value:g} mm: expected {low:g} to {high:g} mm")
    if value < low:
        raise click.BadParameter(
            f"{value:g} mm is too little: a print shop needs at least {low:g} mm of bleed to trim without white "
            f"edges (and the press check refuses less): expected {low:g} to {high:g} mm"
        )
    return value


def _making(default_output: str):
    """The options every making command shares: target, bleed, output, brand, intent, content."""

    def decorate(f):
        for option in reversed(
            (
                click.option(
                    "--target",
                    type=click.Choice(TARGETS, case_sensitive=False),
                    default=DEFAULT_TARGET,
                    show_default=True,
                    help=" ".join(p.help for p in PROFILES.values()),
                ),
                click.option(
                    "--bleed",
                    type=float,
                    default=DEFAULT_BLEED,
                    show_default=True,
                    callback=_bleed,
                    help=f"Bleed in mm (press only): {BLEED_RANGE[0]:g} to {BLEED_RANGE[1]:g}.",
                ),
                click.option(
                    "-o",
                    "--output",
                    type=click.Path(path_type=Path, dir_okay=False),
                    default=None,
                    callback=_pdf_name,
                    help=f"PDF to write (default: {default_output}).",
                ),
                _brand_options,
                _intent_option,
                _content_option,
                _common,
                click.pass_context,
            )
        ):
            f = option(f)
        return f

    return decorate


def _settings_from(ctx: click.Context, common: dict) -> tuple[Settings, Target, Path | None]:
    settings = _settings(ctx, common["content_dir"], common["bleed"], common["output_intent"])
    target = Target(common["target"].lower())
    if not target.profile.bleed and ctx.get_parameter_source("bleed") is click.core.ParameterSource.COMMANDLINE:
        _warn(f"note: --bleed applies to press output; {target.value} files have no bleed (add --target press)")
    return settings, target, common["output"]


def _warn(message: str) -> None:
    """Notes and warnings: not with -q, which prints errors only."""
    context = click.get_current_context(silent=True)
    if not (context and context.obj and context.obj.get("quiet")):
        click.echo(message, err=True)


def _report(ctx: click.Context, written) -> None:
    if ctx.obj["quiet"]:
        return
    click.echo(ctx.obj["content_line"])
    for w in written:
        pages = f"{w.pages} page{'s' if w.pages != 1 else ''}"
        click.echo(f"wrote {w.path}  ({pages}, {max(1, round(w.size_bytes / 1024))} KB)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="principles")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Print-ready materials for the "What matters to me?" service principles.

    \b
    Example:
      principles build            # the default set of PDFs into output/
    """
    ctx.ensure_object(dict).update(debug=debug, quiet=quiet)


@main.command()
@_content_option
@_common
@click.pass_context
def validate(ctx: click.Context, content_dir: Path | None) -> None:
    """Check the content folder and summarise it; exit 1 if anything is wrong.

    \b
    Example:
      principles validate --content my-edition/content
    """
    from generator.validate import validate as validate_content
    from generator.workspace import find_content

    settings = _settings(ctx, content_dir)
    content = validate_content(settings)
    if ctx.obj["quiet"]:
        return
    click.echo(f"content: {settings.content_dir} ({find_content(content_dir)[1]}): ok")
    click.echo(
        f"  {len(content.principles)} principles, {content.practice_count} practices, "
        f"{content.quote_count} quotes, {len(content.moments)} care moments, {len(content.uses)} uses"
    )
    click.echo("  practices per care moment:")
    for m in content.moments:
        click.echo(f"    {m.label:<34} {len(content.practices_for(m.id)):>2}")


def _option(o):
    """A product's option (plain data in its recipe) as a Click option."""
    if o.kind == "choice":
        kind = click.Choice(o.choices, case_sensitive=False)
        return click.option(o.flag, o.name, type=kind, default=o.default, show_default=True, help=o.help)
    if o.kind == "flag":
        return click.option(o.flag, o.name, is_flag=True, help=o.help)
    if o.kind == "switch":
        no = "--no-" + o.flag.removeprefix("--")
        return click.option(f"{o.flag}/{no}", o.name, default=o.default, show_default=True, help=o.help)
    if o.kind == "multiple":
        return click.option(o.flag, o.name, multiple=True, metavar=o.metavar, help=o.help)
    raise ValueError(f"unknown option kind {o.kind!r}")


_COMMON = ("target", "bleed", "output", "brand_path", "allow_low_res", "output_intent", "content_dir")


def _product_command(product) -> None:
    """One command per product in the registry: its own options, then the shared ones."""

    def run(ctx: click.Context, **values) -> None:
        from generator.build import build, with_option_names

        common = {k: values.pop(k) for k in _COMMON}
        settings, target, output = _settings_from(ctx, common)
        job = product.job(target=target, path=output, out_dir=DEFAULT_OUTPUT, **values)
        job = job if output else with_option_names(job, settings)
        _report(ctx, build([job], settings, warn=_warn))

    command = _making(f"output/{product.default_name}")(run)
    for option in reversed(product.options):
        command = _option(option)(command)
    main.command(name=product.name, help=product.help)(command)


_registered: set[str] = set()


def _product_commands(name: str | None = None) -> bool:
    """Add the command of the product `name` (a name the registry does not know: none; None: every
    product's), each once; False when none was new."""
    from generator.products.registry import PRODUCTS

    names = list(PRODUCTS) if name is None else [name] if name in PRODUCTS else []
    new = [n for n in names if n not in _registered]
    for n in new:
        _registered.add(n)
        _product_command(PRODUCTS[n])
    return bool(new)


def _chosen_products(products: str | None) -> tuple[str, ...] | None:
    """--products poster,cards as registry names (None for all); a name it does not know is a usage error."""
    from generator.products.registry import PRODUCTS

    if products is None or products.strip().lower() == "all":
        return None
    chosen = tuple(dict.fromkeys(p.strip().lower() for p in products.split(",") if p.strip()))
    unknown = [p for p in chosen if p not in PRODUCTS]
    if unknown or not chosen:
        wrong = f"unknown {', '.join(repr(p) for p in unknown)}: " if unknown else ""
        raise click.BadParameter(f"{wrong}expected some of {', '.join(PRODUCTS)}", param_hint="--products")
    return chosen


@main.command(name="build")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Folder for the PDFs.",
)
@click.option(
    "--products",
    default=None,
    metavar="NAMES",
    help="Only these products' files, comma-separated (poster,cards,...), made in one run; "
    "the manifest's entries for them are brought up to date.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes making files side by side (default: one per CPU).",
)
@_brand_options
@_intent_option
@_content_option
@_common
@click.pass_context
def build_command(
    ctx,
    output_dir: Path,
    products: str | None,
    jobs: int | None,
    output_intent,
    content_dir: Path | None,
    brand_path,
    allow_low_res,
) -> None:
    """Make the default set: posters (press A2, office A3 and A4), pocket cards (A6 and ID-1
    on A4 sheets for the office, A6 single cards for the press), worksheet packs (A4 office,
    A4 fillable for screen), leaflets (A5 pages for the press and the screen, folded A4 sheets
    for the office) and discussion cards (A6 on A4 sheets for the office).

    \b
    Example:
      principles build -o print-files/
      principles build --products poster,cards    # only these, in one run
    """
    from generator.build import build
    from generator.products.registry import default_build

    chosen = _chosen_products(products)
    settings = _settings(ctx, content_dir, output_intent=output_intent)
    manifest_dir = output_dir if chosen is None else None  # a part of the set updates the manifest's entries
    from generator.parallel import cpus

    written = build(
        default_build(output_dir, chosen), settings, manifest_dir=manifest_dir, warn=_warn, processes=jobs or cpus()
    )
    _report(ctx, written)
    if not ctx.obj["quiet"] and manifest_dir is not None:
        click.echo(f"wrote {output_dir / 'manifest.json'}")


@main.command()
@click.argument("csv_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUTPUT / "editions",
    show_default=True,
    help="One folder per organisation in here.",
)
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Processes (default: one per CPU).")
@click.option(
    "--products", default=None, metavar="NAMES", help="Which products, comma-separated (default: all of them)."
)
@click.option("--force", is_flag=True, help="Remake editions whose inputs have not changed.")
@click.option("--allow-low-res", is_flag=True, help=f"Let logos under {LOGO_PPI_MIN} ppi into press files.")
@_intent_option
@_content_option
@_common
@click.pass_context
def batch(
    ctx,
    csv_file: Path,
    output_dir: Path,
    jobs: int | None,
    products: str | None,
    force: bool,
    allow_low_res: bool,
    output_intent: str,
    content_dir: Path | None,
) -> None:
    """Make an edition for every organisation in a CSV (name,logo,contact,url,accent,edition).

    Logo paths are relative to the CSV; two contact lines are separated by ' | '. Rows that
    fail are reported and skipped; editions whose inputs have not changed are not remade.

    \b
    Example:
      principles batch local-minds.csv -o editions/ --products poster,cards
    """
    import os

    from generator.batch import FAILED, Interrupted, read_organisations, results_table, run_batch
    from generator.products.registry import PRODUCTS

    chosen = _chosen_products(products) or tuple(PRODUCTS)
    settings = _settings(ctx, content_dir, output_intent=output_intent)
    from dataclasses import replace

    settings = replace(settings, allow_low_res=allow_low_res)
    organisations = read_organisations(csv_file)
    quiet = ctx.obj["quiet"]
    if not quiet:
        click.echo(organisations.describe())
    bar = click.progressbar(
        length=len(organisations.rows),
        label="editions",
        file=sys.stderr,
        show_pos=True,
        hidden=quiet or not sys.stderr.isatty(),  # a log gets the results table, not a stray label
    )
    try:
        with bar:
            outcomes = run_batch(
                organisations,
                output_dir,
                settings,
                jobs or os.cpu_count() or 1,
                chosen,
                force,
                on_done=lambda outcome: bar.update(1),
            )
    except Interrupted as exc:
        click.echo(("\n" if not quiet and sys.stderr.isatty() else "") + str(exc), err=True)  # after the bar
        sys.exit(130)
    if not quiet:
        click.echo(ctx.obj["content_line"])
    for line in results_table(outcomes, output_dir, quiet):
        click.echo(line)
    if any(o.status == FAILED for o in outcomes):
        sys.exit(1)


@main.group()
def brand() -> None:
    """Brand files for local editions (logo, name, contact, web address).

    \b
    Example:
      principles brand init my-trust/brand.toml
      principles build --brand my-trust/brand.toml
    """


@brand.command(name="init")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), default=Path("brand.toml"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@_common
@click.pass_context
def brand_init(ctx, path: Path, force: bool) -> None:
    """Write a commented example brand file to edit.

    \b
    Example:
      principles brand init my-trust/brand.toml
    """
    from generator.brand import EXAMPLE
    from generator.build import write_all
    from generator.workspace import placeholder_logo

    if path.exists() and not force:
        raise PrinciplesError(f"{path} already exists: use --force to overwrite it")
    logo = path.parent / "logo.png"
    write_all([(path, EXAMPLE.encode())] + ([] if logo.exists() else [(logo, placeholder_logo())]))
    if not ctx.obj["quiet"]:
        click.echo(f"wrote {path}: edit it, replace {logo} with your logo, then use --brand {path}")


@main.command(name="init")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that are already there.")
@_common
@click.pass_context
def init_command(ctx, folder: Path, force: bool) -> None:
    """Make a folder for your own edition: a copy of the content to edit, a brand file with a
    logo to replace, and a sample organisations CSV for 'principles batch'.

    \b
    Example:
      principles init my-edition && cd my-edition && principles build --brand brand.toml
    """
    from generator.build import write_all
    from generator.workspace import init_files, refuse_to_overwrite

    files = init_files(folder)
    refuse_to_overwrite(files, force)
    write_all(files)
    if not ctx.obj["quiet"]:
        click.echo(
            f"wrote {folder}: content/ (edit it), brand.toml and logo.png (your organisation), organisations.csv"
        )
        click.echo(f"next: cd {folder} && principles validate && principles build --brand brand.toml")
        click.echo("      principles batch organisations.csv   # one edition per organisation")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--target",
    type=click.Choice(TARGETS, case_sensitive=False),
    default=None,
    help="What the files are for: press is the strictest. Default: press for a file with an output intent "
    "and trim boxes, else office, said for each file.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("-v", "--verbose", is_flag=True, help="List every check, passes included.")
@_common
@click.pass_context
def check(ctx, files: tuple[Path, ...], target: str | None, as_json: bool, verbose: bool) -> None:
    """Preflight PDFs (ours or anyone's) the way a print shop does; exit 1 if anything fails.

    Checks page boxes and bleed, embedded fonts, colour spaces (no RGB for press), image
    resolution at placed size, smallest text, text near the trim, PDF/X keys and output intent,
    transparency and form fields.

    \b
    Examples:
      principles check output/poster-a2-press.pdf
      principles check --target office --json output/*.pdf
    """
    import json

    from generator.check.preflight import FAIL, check_pdf, format_table

    reports = [check_pdf(path, target.lower() if target else None) for path in files]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    elif not ctx.obj["quiet"] or any(r.status == FAIL for r in reports):
        click.echo(format_table(reports, verbose))
    if any(r.status == FAIL for r in reports):
        sys.exit(1)


def _dpi(ctx: click.Context, param: click.Parameter, value: float) -> float:
    from generator.check.preview import check_dpi

    try:
        return check_dpi(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUTPUT / "preview",
    show_default=True,
    help="Folder for the PNGs.",
)
@click.option("--dpi", type=float, default=96, show_default=True, callback=_dpi, help="Resolution, 10 to 1200.")
@click.option("--grey", is_flag=True, help="Greyscale, as a photocopier sees it.")
@click.option("--sheet", is_flag=True, help="One contact sheet of all pages per file instead of one PNG a page.")
@_common
@click.pass_context
def preview(ctx, files: tuple[Path, ...], output_dir: Path, dpi: float, grey: bool, sheet: bool) -> None:
    """Render PDF pages to PNG as a reader sees them (press files cropped to the trim).

    \b
    Examples:
      principles preview output/cards-a6-single-press.pdf --sheet
      principles preview output/poster-a4-office.pdf --grey --dpi 150 -o previews/
    """
    from generator.build import write_atomically
    from generator.check.preview import contact_sheet, png_bytes, render_pages

    for path in files:
        suffix = "-grey" if grey else ""
        try:
            images = render_pages(path, dpi, grey, sheet)
            outputs = (
                iter([(output_dir / f"{path.stem}{suffix}-sheet.png", contact_sheet(list(images), grey))])
                if sheet
                else ((output_dir / f"{path.stem}{suffix}-p{n}.png", image) for n, image in enumerate(images, start=1))
            )
            for out, image in outputs:  # one page at a time: rendered, written, let go
                write_atomically(out, png_bytes(image))
                if not ctx.obj["quiet"]:
                    click.echo(f"wrote {out}  ({image.width} x {image.height} px)")
        except PrinciplesError:
            raise
        except Exception as exc:  # PDFium and pypdf raise their own types for unreadable files
            raise PrinciplesError(f"{path}: cannot render: {' '.join(str(exc).split())}") from None
