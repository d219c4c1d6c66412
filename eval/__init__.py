"""The eval stage: score the assistant on a gold question set (``python -m eval run``).

dataset (questions file) -> runner (ask each question) -> results.jsonl -> scoring
(metrics.py formulas) -> metrics.json, report.md and plots; baseline.py is the naive
LangChain-tutorial pipeline it is compared with.
"""
