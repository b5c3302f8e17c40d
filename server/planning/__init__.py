"""Campaign planning (issue 7): import customers and do-not-call lists, segment, target,
match offers, train the churn model, assign call lists and publish scripts.

Every entry point is a plain function taking a Session (or a sessionmaker), used by
`server.cli` (the `callsheet-server` subcommands) and `server.planning.api` (the same for
admins over HTTP). docs/planning.md explains the commands, formulas and column mapping.
"""
