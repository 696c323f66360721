"""The course tooling: what turns the analytics into a course.

:mod:`~sefkit.classroom.practice` (self-checked practice questions) and
:mod:`~sefkit.classroom.lessons` (each lesson's questions), :mod:`~sefkit.classroom.claims`
(the figures lessons state, measured over many seeds), :mod:`~sefkit.classroom.release`
(student versions of the assignments), :mod:`~sefkit.classroom.navbar` (the lessons'
navigation bar) and :mod:`~sefkit.classroom.grading` (how nbgrader checks answers,
in a sandbox, outside the learner's kernel).
"""
