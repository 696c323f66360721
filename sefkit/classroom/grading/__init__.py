"""Grading learners' notebooks so that no learner can forge a grade: the sandbox and the answer checks."""
