"""`awsprep content ...`: check the corpus, show its coverage of the exam, and keep the practice forms."""

from __future__ import annotations

from pathlib import Path

import typer

from awsprep.cli.common import content_dirs, group

app = group("Validate study content and show its coverage of the exam.")


@app.command(epilog="Examples: awsprep content check | awsprep content check ~/my-awsprep-notes")
def check(
    ctx: typer.Context,
    folders: list[Path] = typer.Argument(None, help="Extra content folders (with topics/ and questions/) to check."),
) -> None:
    """Validate every content file (built-in and yours), lint the questions for answer cues, check the
    practice forms, and print coverage against the exam weights."""
    from rich.console import Console

    from awsprep import paths
    from awsprep.content import forms
    from awsprep.content import skill_map
    from awsprep.content.lint import lint
    from awsprep.content.load import display, load_all
    from awsprep.ui.content_view import show_check

    corpus = load_all([*content_dirs(ctx), *(folders or [])], use_cache=False)
    report = lint(corpus)
    file = forms.path(paths.builtin_content())
    shipped_forms, problems = forms.read(file)
    problems += forms.check(corpus, shipped_forms, display(file), least=forms.SHIPPED_FORMS)
    report.errors.extend(problems)
    skill_errors, skill_warnings = skill_map.problems(corpus)
    report.errors.extend(skill_errors)
    report.warnings.extend(skill_warnings)
    show_check(corpus, report, Console(), Console(stderr=True))
    if corpus.errors or report.errors:
        raise typer.Exit(1)


@app.command("forms", epilog="Examples: awsprep content forms | awsprep content forms --add 1")
def forms_command(
    add: int = typer.Option(0, "--add", min=0, max=20, help="Build this many new forms from questions in no form."),
) -> None:
    """List the fixed practice forms (awsprep exam --form N); --add writes new ones to the corpus's forms.yaml."""
    from awsprep import paths
    from awsprep.content import forms
    from awsprep.content.load import load
    from awsprep.errors import UserError

    root = paths.builtin_content()
    file = forms.path(root)
    corpus = load([root])
    current, problems = forms.read(file)
    if problems:
        raise UserError(problems[0])
    if add:
        current = forms.extend(corpus, current, add)
        file.write_text(forms.dump(current), encoding="utf-8")
    for number, ids in current.items():
        questions = [corpus.questions[i] for i in ids if i in corpus.questions]
        hard = sum(q.difficulty == "hard" for q in questions)
        multiple = sum(q.choose > 1 for q in questions)
        typer.echo(f"form {number}: {len(ids)} questions, {hard} hard, {multiple} multiple response")
    taken = {i for ids in current.values() for i in ids}
    free = sum(1 for i in corpus.questions if corpus.live(i) and i not in taken)
    typer.echo(f"{free} questions are in no form")
