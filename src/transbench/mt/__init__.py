"""Machine translation backends and the constrained beam search they share."""
