"""The quality checker's workspace (issue 6): samples, replay, scoring, calibration."""
