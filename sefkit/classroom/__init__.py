"""The course tooling: what turns the analytics into a course.

:mod:`~sefkit.classroom.practice` (self-checked practice questions) and
:mod:`~sefkit.classroom.lessons` (each lesson's questions), :mod:`~sefkit.classroom.claims`
(the figures lessons state, measured over many seeds), :mod:`~sefkit.classroom.grading`
(how nbgrader checks answers, in a sandbox, outside the learner's kernel), and the
chores of the ``sefkit`` command: :mod:`~sefkit.classroom.layout` (the course's
folders, from nbgrader_config.py), :mod:`~sefkit.classroom.notebooks` (reading and
writing notebook files), :mod:`~sefkit.classroom.cleaning` (clean notebooks for git),
:mod:`~sefkit.classroom.release` (student versions of the assignments),
:mod:`~sefkit.classroom.leaks` (no answer in a release),
:mod:`~sefkit.classroom.course_check` (all of it, before a commit),
:mod:`~sefkit.classroom.navbar` (the lessons' navigation bar) and
:mod:`~sefkit.classroom.crm_sample` (the sample CRM export lesson 10 reads).
"""
