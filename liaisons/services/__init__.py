"""Operations that change state in the liaison network, one module per job (see docs/anatomy.md)."""
