"""`awsprep plan` and `awsprep optimize`: the forecast to the exam day, and FSRS parameters fitted to you."""

from __future__ import annotations

import typer

from awsprep.cli.common import corpus


def plan(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the forecast as one JSON object."),
) -> None:
    """The days to the exam: new items, reviews and minutes a day (at your own pace), the predicted
    recall per domain on the exam day, and what to change when a day needs more than minutes-per-day."""
    import json

    from rich.console import Console

    from awsprep.srs import catalog, forecast, settings
    from awsprep.store.db import open_store, utcnow
    from awsprep.ui.plan_view import show

    entries = catalog.entries(corpus(ctx))
    with open_store(read_only=True).session() as session:
        current = settings.load(session)
        begin = forecast.start(session, entries, current, utcnow())
    result = forecast.run(begin, current)
    figures = result.to_dict(forecast.advice(begin, result))
    if as_json:
        print(json.dumps(figures))
    else:
        show(figures, Console())


def optimize(
    dry_run: bool = typer.Option(False, "--dry-run", help="Fit and compare, but keep the parameters in use."),
) -> None:
    """Fit the FSRS-6 parameters to your own reviews, print how well the defaults and the fitted ones
    predict them (log loss, RMSE(bins); lower is better), save them and reschedule every card under
    them (after a backup). Needs 400 reviews, each a day or more after the item's previous answer."""
    from awsprep.srs import fit
    from awsprep.store.db import open_store, utcnow

    result = fit.optimize(open_store(), utcnow(), save=not dry_run)
    typer.echo(f"fitted to {result.reviews:,} reviews of {result.items:,} items")
    typer.echo(f"{'':10}{'log loss':>10}{'RMSE(bins)':>12}")
    for name, score in (("default", result.default), ("fitted", result.fitted)):
        typer.echo(f"{name:10}{score.log_loss:10.4f}{score.rmse_bins:12.4f}")
    if result.rescheduled is None:
        typer.echo("not saved (--dry-run)")
    else:
        typer.echo(f"saved: the scheduler uses them from now on; rescheduled {result.rescheduled:,} card(s) "
                   f"from their memory state (backup: {result.backup})")


def register(app: typer.Typer) -> None:
    app.command(epilog="Examples: awsprep plan | awsprep plan --json")(plan)
    app.command(epilog="Examples: awsprep optimize | awsprep optimize --dry-run")(optimize)
