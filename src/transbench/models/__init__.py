"""Translation models: the registry in models.yaml, loading, and the offline demo model."""
