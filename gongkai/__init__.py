"""gongkai: China's government information disclosure annual reports as trustworthy data.

This package is the domain: ingestion, normalization, extraction, harmonization and the
consistency rules. It never imports Dagster; the pipeline in ``orchestration/`` and ``assets/``
wires these functions into software-defined assets.
"""

__version__ = "0.1.0"
