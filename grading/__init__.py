"""kpilab's grading package: scores trainees' notebooks against their own answer keys."""
