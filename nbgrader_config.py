"""nbgrader configuration of the SEF course.

The repository root is the nbgrader course directory: run nbgrader commands from
here. Authors write assignments (with solutions and hidden tests) in solutions/;
`make release` turns them into the trainee versions in exercises/. Facilitator work
folders (submitted/, autograded/, feedback/) and gradebook.db stay out of git.
See README.md (facilitators) and docs/AUTHORING.md (authors).
"""

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

# -- where things live ---------------------------------------------------------
# The two folders are named here only: sefkit's tools and the tests read them from
# this file (sefkit/classroom/layout.py), so renaming one here renames it everywhere.
c.CourseDirectory.course_id = "sef-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# -- running trainees' notebooks (validate, autograde) ---------------------------
# A cell that runs longer than this is stopped and counts as an error, so one
# endless loop cannot hold up the grading of a whole cohort.
c.Execute.timeout = 60
# Interrupt (rather than kill) a cell that runs over, so later cells still run.
c.Execute.interrupt_on_timeout = True

# -- grading ------------------------------------------------------------------------
# A trainee who deletes a graded cell gets it back at autograde time (with a
# note saying so) instead of silently losing the points.
c.OverwriteCells.add_missing_cells = True

# -- checking answers outside the learner's kernel ------------------------------------
# An assignment declares its items and answer keys in solutions/<name>/answer_key.py
# (and its test personas in personas.py). Those are solutions: never released to
# exercises/, never copied next to a submission at autograding.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "answer_key.py", "personas.py"]
# Plain `nbgrader autograde` is the secure path: each answer leaves the learner's
# kernel as plain data and is checked here, in the grading process, against a key
# the learner's code never touched (sefkit/classroom/grading/autograde.py, docs/GRADING.md).
# An unreadable notebook is graded as empty, with the reason, instead of crashing.
c.Autograde.exporter_class = "sefkit.classroom.grading.autograde.SubmissionExporter"
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "sefkit.classroom.grading.autograde.RestoreGradedCells",  # the gradebook decides which cells are graded
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "sefkit.classroom.grading.autograde.RecordAnswers",  # a recording cell after each test cell
    "nbgrader.preprocessors.Execute",
    "sefkit.classroom.grading.autograde.CheckAnswers",  # verdicts into the test cells, recording cells removed
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# -- files from an LMS or e-mail (sefkit grade --from, nbgrader zip_collect) -----------
# A file named "<trainee id>_<notebook>.ipynb" is that trainee's (nbgrader's
# FileNameCollectorPlugin reads the id off the name). `sefkit grade --from` also
# maps names that hold a trainee's e-mail name or first and last name (from the
# gradebook or --trainees roster.csv), and lists every file it could not map.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[A-Za-z0-9.\-]+)_(?P<file_id>\d\d_[A-Za-z0-9_]+\.ipynb)$"
c.FileNameCollectorPlugin.valid_ext = [".ipynb"]

# -- what trainees see in place of a solution ---------------------------------------
# The regions nbgrader removes keep nbgrader's default markers (ClearSolutions'
# "BEGIN SOLUTION", ClearHiddenTests' "BEGIN HIDDEN TESTS", ClearMarkScheme's
# "BEGIN MARK SCHEME", and their END lines). A marker changed here, for example
# c.ClearSolutions.begin_solution_delimeter, changes the leak check of `sefkit check`
# too (sefkit/classroom/leaks.py).
# nbgrader's default stub is "# YOUR CODE HERE / raise NotImplementedError()".
# Ours says the same thing in words a sales manager understands. It still raises
# an error, so an unanswered question scores zero rather than passing by accident.
c.ClearSolutions.code_stub = {
    "python": (
        "# Your answer goes here: replace these two lines with your code, then run the cell.\n"
        'raise Exception("Not answered yet: replace these two lines with your answer '
        'and run the cell again.")'
    )
}
c.ClearSolutions.text_stub = "_Write your answer here, in a few sentences._"

# -- the sandbox --------------------------------------------------------------------
# `nbgrader autograde` runs each trainee's kernel in a sandbox (bubblewrap): it sees
# only its own submission folder and the installed Python, read-only; no course
# folder, solutions/ or gradebook.db, no other trainees' work, no network; limits on
# CPU time, memory, file size, processes and output (see docs/GRADING.md). Only the
# autograde steps change: `nbgrader validate` and the Validate button run as before,
# also where bubblewrap is missing (a trainee's laptop, Binder).
# Where no sandbox can start, autograding refuses and says how to install bubblewrap.
# To grade without it anyway (learner code can then read the solutions and the
# gradebook): SEF_GRADE_WITHOUT_SANDBOX=1 nbgrader autograde ..., or uncomment:
# c.Sandbox.allow_unsandboxed = True
# Each limit can be changed here, for example: c.Sandbox.cpu_seconds = 600
from sefkit.classroom.grading.sandbox import sandboxed  # noqa: E402

c.Autograde.autograde_preprocessors = sandboxed(c.Autograde.autograde_preprocessors)
