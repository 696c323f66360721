"""``sefkit grade`` and ``sefkit demo-cohort``: a cohort from submissions to grades, feedback and a report.

::

    sefkit grade 05_pipeline                          grade submitted/*/05_pipeline/ on every core
    sefkit grade 05_pipeline --collect                collect from JupyterHub's exchange first
    sefkit grade 05_pipeline --from inbox.zip --trainees trainees.csv
                                                      files from an LMS or e-mail, mapped to trainees
    sefkit grade 05_pipeline --dask-scheduler tcp://10.0.0.5:8786
    sefkit grade --demo                               a demo cohort of 30, graded (in ./sef-demo)
    sefkit demo-cohort demo/                          only build the demo course and its inbox

Run it in the course folder (the one with nbgrader_config.py), or give ``--course``.
Run it again at any time: what is graded stays graded (``--regrade`` to grade
again), and the feedback and the report are made again, with any manual grades
entered in the meantime.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEMO_FOLDER = "sef-demo"


def add_command(subparsers) -> None:
    """Add ``grade`` and ``demo-cohort`` to the ``sefkit`` command's subcommands."""
    grade = subparsers.add_parser(
        "grade", help="grade a cohort: collect, autograde in parallel, feedback, cohort report",
        description="Grade a cohort: collect, autograde on every core (sandboxed), feedback, cohort report.\n\n"
                    "examples:" + __doc__.split("::")[1].split("Run it in")[0].rstrip(),
        epilog="Run it in" + __doc__.split("Run it in")[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("assignment", nargs="?", help="the assignment, e.g. 05_pipeline")
    grade.add_argument("--course", default=".", help="the course folder (default: here)")
    grade.add_argument("--collect", action="store_true", help="collect submissions from nbgrader's exchange first")
    grade.add_argument("--from", dest="source", metavar="FOLDER_OR_ZIP",
                       help="a folder or .zip of notebooks to map to trainees (file names hold ids or names)")
    grade.add_argument("--trainees", metavar="CSV", help="roster to add to the gradebook (id, first_name, last_name, email)")
    grade.add_argument("--regrade", action="store_true", help="grade again what is already graded")
    grade.add_argument("--retry-failed", action="store_true", help="try again submissions that failed before")
    grade.add_argument("--workers", type=int, help="parallel gradings (default: one per core)")
    grade.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local processes (default) or a Dask cluster (local if no --dask-scheduler)")
    grade.add_argument("--dask-scheduler", metavar="ADDRESS", help="grade on this Dask scheduler (implies --executor dask)")
    grade.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.add_argument("--demo", action="store_true", help=f"build a demo cohort in ./{DEMO_FOLDER} (or --course) and grade it")
    grade.set_defaults(run=grade_command)
    demo = subparsers.add_parser("demo-cohort", help="build a demo course with about 30 trainees' files to grade")
    demo.add_argument("folder", help="a new folder for the demo course")
    demo.add_argument("--assignment", default="05_pipeline", help="the assignment (default 05_pipeline)")
    demo.add_argument("--trainees", type=int, default=30, help="how many trainees (default 30)")
    demo.add_argument("--seed", type=int, default=0, help="which mix of learners (default 0)")
    demo.set_defaults(run=demo_command)


def demo_command(args) -> int:
    from .demo import build
    from .pool import tools_on_path

    tools_on_path()
    made = build(args.folder, args.assignment, args.trainees, seed=args.seed)
    print(f"a demo course with {len(made.personas)} trainees in {made.course}\n"
          f"  their files: {made.inbox}\n  the roster: {made.trainees_csv}\nnext:\n"
          f"  cd {made.course} && sefkit grade {made.assignment} --from inbox --trainees trainees.csv")
    return 0


def grade_command(args) -> int:
    from . import intake, pool, report
    from .declare import KEY_FILE
    from .pool import tools_on_path

    tools_on_path()
    course = Path(args.course).resolve()
    if args.demo:
        from .demo import build

        args.assignment = args.assignment or "05_pipeline"
        if args.course == ".":
            course = (Path.cwd() / DEMO_FOLDER).resolve()
        if not (course / "demo_cohort.json").is_file():
            made = build(course, args.assignment)
            print(f"built a demo course of {len(made.personas)} trainees in {course}")
        args.source = args.source or str(course / "inbox")
        args.trainees = args.trainees or str(course / "trainees.csv")
    if not args.assignment:
        raise ValueError("name the assignment to grade, for example `sefkit grade 05_pipeline` (or --demo)")
    if not (course / "nbgrader_config.py").is_file():
        raise ValueError(f"{course} has no nbgrader_config.py: run `sefkit grade` in the course folder, or give --course")
    coursedir = pool.course_directory(course)
    if not (course / coursedir.source_directory / args.assignment / KEY_FILE).is_file():
        raise ValueError(f"{coursedir.source_directory}/{args.assignment}/{KEY_FILE} is missing: only assignments "
                         "that declare their items can be graded (docs/AUTHORING.md)")
    if args.collect:
        intake.collect_exchange(course, args.assignment)
    people = intake.roster(course, args.trainees)
    if args.source:
        found = intake.from_files(course, args.assignment, args.source, people)
        report.save_set_aside(course, args.assignment, found.set_aside)
        print(found.summary())
    students = intake.submitted(course, args.assignment)
    if not students:
        raise ValueError(f"no submissions of {args.assignment}: nothing in {coursedir.submitted_directory}/*/"
                         f"{args.assignment}/ (use --collect on JupyterHub, or --from FOLDER_OR_ZIP)")
    executor = pool.executor(args.executor, args.workers, args.dask_scheduler)
    try:
        run = pool.grade_cohort(course, args.assignment, students, pool=executor, regrade=args.regrade,
                                retry_failed=args.retry_failed, progress=not args.no_progress)
    except KeyboardInterrupt:
        if executor.name == "dask":
            executor.close(cancel=True)
        print("stopped: every grade recorded so far is kept; run the same command again to grade the rest",
              file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # At once: the local workers (and their sandboxed kernels) die with this process, rather than
        # each finishing the submission it is grading.
        os._exit(130)
    print(run.summary())
    try:
        if not args.no_feedback:
            problems = pool.feedback_cohort(course, args.assignment, students, executor)
            print(f"feedback: {course / coursedir.feedback_directory}/<trainee>/{args.assignment}/")
            for student, problem in sorted(problems.items()):
                print(f"  no feedback for {student}: {problem}")
    finally:
        executor.close()
    print(f"cohort report: {report.write(course, args.assignment)}")
    return 0
