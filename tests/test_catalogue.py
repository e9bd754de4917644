from gongkai import catalogue
from gongkai.columns import MART_TABLES
from gongkai.mart import data_dictionary_rows


def test_every_formula_code_is_in_the_cell_catalogue():
    ind = catalogue.indicators()
    for fig in catalogue.figures().values():
        for f in fig.formulas:
            for code in f.codes:
                assert code in ind and ind[code].table != "prose", code


def test_every_harmonized_cell_feeds_its_figure():
    figs = catalogue.figures()
    for ind in catalogue.indicators().values():
        if ind.harmonized_as and ind.table != "prose":
            assert any(ind.code in f.codes for f in figs[ind.harmonized_as].formulas), ind.code


def test_figures_cover_the_contract_and_keep_its_order():
    assert set(catalogue.FIGURE_ORDER) == set(catalogue.figures())
    assert catalogue.FIGURE_ORDER[0] == "proactive_disclosed"
    assert len(catalogue.FIGURE_ORDER) == 18


def test_legacy_fees_scale_from_10k_yuan():
    (f,) = catalogue.figures()["fees_yuan"].formulas
    assert f.codes == ("leg.fees_10k_yuan",) and f.scale == 10000


def test_data_dictionary_describes_every_mart_column():
    rows = data_dictionary_rows()
    described = {(r[0], r[1]) for r in rows}
    for table, cols in MART_TABLES.items():
        for c in cols:
            assert (table, c.name) in described
    assert all(r[4] and r[5] for r in rows), "every column has a Chinese and an English description"
