"""The knowledge stage: the YAML files' shape, reading them and validating them into one immutable
snapshot."""
