"""The one Definitions object: assets, checks, resources, jobs, sensors, executor.

Everything is assembled here and nowhere else; ``build_defs`` lets tests and ``gongkai build``
swap resources (paths into a temporary folder, the in-process executor).
"""
from __future__ import annotations

import warnings

import dagster as dg

# pandera_schema_to_dagster_type and backfill_policy are marked beta; we pin the version.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)
# On purpose: extraction backfills one year per run, the cheap stages a range per run. A job that
# spans both takes the stricter policy for job-page backfills (asset backfills keep each asset's).
warnings.filterwarnings("ignore", message=r"Asset job .* materializes assets with varying BackfillPolicies")

from assets import extraction, ingestion, mart, normalization, quality

from .executors import select_executor
from .resources import make_resources
from .sensors import build_sensor

PIPELINE_JOB = "report_pipeline"
YEARS_JOB = "report_years_job"
MART_JOB = "mart_job"
PARTITIONED_SELECTION = dg.AssetSelection.groups("ingestion", "normalization", "extraction", "quality")
MART_SELECTION = dg.AssetSelection.groups("mart")


def build_defs(resources: dict | None = None, executor: dg.ExecutorDefinition | None = None) -> dg.Definitions:
    """The project's Definitions; ``executor`` defaults to the one ``$GONGKAI_EXECUTOR`` names."""
    jobs = [
        dg.define_asset_job(
            PIPELINE_JOB, selection=PARTITIONED_SELECTION | MART_SELECTION,
            description="Ingest, normalize, extract and check the selected years, then rebuild and publish the mart.",
        ),
        dg.define_asset_job(YEARS_JOB, selection=PARTITIONED_SELECTION,
                            description="Ingest, normalize, extract and check the selected years."),
        dg.define_asset_job(MART_JOB, selection=MART_SELECTION,
                            description="Rebuild the mart from every built year, check it, publish it."),
    ]
    return dg.Definitions(
        assets=[
            ingestion.raw_reports,
            normalization.normalized_reports,
            extraction.extracted_reports,
            quality.quality_issues,
            mart.mart,
            mart.published_mart,
        ],
        asset_checks=[mart.gx_national_yearly, mart.gx_province_yearly, mart.gx_city_yearly,
                      mart.national_equals_sum_of_report_facts, mart.national_equals_sum_of_provinces,
                      mart.province_equals_sum_of_cities, mart.national_year_over_year],
        jobs=jobs,
        sensors=[build_sensor(PIPELINE_JOB)],
        resources=resources if resources is not None else make_resources(),
        executor=executor or select_executor(),
    )


defs = build_defs()
