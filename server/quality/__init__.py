"""The quality workspace's server side (issue 6): rubric, sampling, scoring, recordings.

Call records (call_outcomes) are evidence: this package reads them and writes rows of its
own beside them (samples, claims, scores, annotations, coaching tasks), never into them.
"""
