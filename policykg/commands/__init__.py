"""One module per ``policykg`` subcommand; each has ``register(subparsers)`` that adds its parser.

A command module parses arguments and calls library functions; it holds no logic of its own.
"""
