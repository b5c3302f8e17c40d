"""Satisfaction surveys: the answers a survey call records (append-only) and their
roll-ups per campaign, region and agent for the team lead."""
