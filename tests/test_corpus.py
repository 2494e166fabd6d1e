"""The bundled corpus (corpus/, pinned by path): verbatim texts, complete turns and mentions, checkable claims.

Tests named ``test_bundled_...`` describe its two interviews and fail by design if corpus/ itself is
changed; the others hold for any corpus (see instructor/ADDING_AN_INTERVIEW.md for adding one).
"""

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import CORPUS, ROOT, cli, tree_digest

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_bundled_corpus_loads_without_errors_or_warnings(corpus):
    assert corpus.warnings == [], "\n".join(map(str, corpus.warnings))
    assert set(corpus.documents.doc_id) == {"mayta_2021", "llorenti_2021"}


@pytest.mark.parametrize("doc_id", ["mayta_2021", "llorenti_2021"])
def test_bundled_texts_are_the_seeds_minus_recorded_boilerplate(corpus, doc_id):
    doc = corpus.documents.set_index("doc_id").loc[doc_id]
    seed = (CORPUS / doc.seed).read_text(encoding="utf-8")
    text = (CORPUS / doc.text).read_text(encoding="utf-8")
    assert seed == doc.boilerplate["prefix"] + text + doc.boilerplate["suffix"]
    assert len(doc.boilerplate["prefix"] + doc.boilerplate["suffix"]) < 200
    if SHARED_SEEDS.is_dir():  # the kept seed is the commissioned file, byte for byte
        assert (CORPUS / doc.seed).read_bytes() == (SHARED_SEEDS / Path(doc.seed).name).read_bytes()


def test_bundled_mayta_text_has_no_footer(corpus):
    assert "Colchester" not in corpus.texts["mayta_2021"]
    assert "Metro Imaging" not in corpus.texts["mayta_2021"]
    assert corpus.texts["mayta_2021"].rstrip().endswith("Thank you Minister for your time.")


def test_every_character_belongs_to_exactly_one_turn(corpus):
    for doc_id, text in corpus.texts.items():
        owner = [0] * len(text)
        for t in corpus.turns[corpus.turns.doc_id == doc_id].itertuples():
            for i in range(t.start, t.end):
                owner[i] += 1
        assert set(owner) == {1}, doc_id


def test_outlets_speak_titles_introductions_and_questions(corpus):
    spoken = corpus.turns.merge(corpus.speakers, on="speaker_id", suffixes=("", "_speaker"))
    assert set(spoken[spoken.kind.isin(["title", "introduction", "question"])].kind_speaker) == {"outlet"}
    assert set(spoken[spoken.kind == "answer"].kind_speaker) == {"interviewee"}


def test_bundled_mayta_introduction_is_the_outlets_turn(corpus):
    intro = corpus.turn_text("mayta_t02")
    assert "2019 coup" in intro  # the outlet's words, kept as the outlet's turn


def test_every_quote_and_surface_matches_the_text(corpus):
    for table, col in ((corpus.claims, "quote"), (corpus.mentions, "surface")):
        for row in table.itertuples():
            assert corpus.texts[row.doc_id][row.start:row.end] == getattr(row, col), row


def test_mentions_cover_every_alias_occurrence(corpus):
    for inst in corpus.institutions.itertuples():
        for alias in inst.aliases.split("|"):
            for doc_id, text in corpus.texts.items():
                for m in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", text):
                    here = corpus.mentions[(corpus.mentions.doc_id == doc_id)
                                           & (corpus.mentions.start <= m.start()) & (corpus.mentions.end >= m.end())]
                    assert len(here) == 1, (doc_id, alias, m.start())


def test_bundled_corpus_key_institutions_and_their_mentions(corpus):
    counts = corpus.mentions.institution_id.value_counts()
    for inst in ["oas", "celac", "unasur", "alba", "mercosur", "un", "un_hrc", "eu", "world_bank", "imf",
                 "bank_of_alba", "sucre", "alce", "paris_agreement", "jcpoa"]:
        assert counts.get(inst, 0) >= 1, inst
    assert counts["oas"] >= 15
    founded = corpus.institutions.dropna(subset=["founded"])
    assert founded.founded_source.notna().all()
    assert corpus.institutions.set_index("institution_id").loc["oas", "founded"] == "1948"


def test_bundled_claims_are_coded_across_both_interviews(corpus):
    claims = corpus.claims.drop_duplicates("claim_id")
    assert 50 <= len(claims) <= 90
    answers = corpus.turns[corpus.turns.kind == "answer"].turn_id
    assert set(answers) <= set(claims.turn_id)
    assert {"kawsachun_news", "brasil_de_fato"} <= set(claims.speaker_id)
    codebook = yaml.safe_load((CORPUS / "codebook.yaml").read_text(encoding="utf-8"))
    assert set(corpus.claims.stance.dropna()) <= set(codebook["stances"])
    assert set(claims.frame) == set(codebook["frames"])
    assert all(t in codebook["themes"] for ts in claims.themes for t in ts)


def test_claims_table_is_tidy(corpus):
    claims = corpus.claims
    assert claims.groupby(["claim_id", "institution_id"]).size().max() == 1
    raw = pd.read_csv(CORPUS / "claims.csv", keep_default_na=False)
    n_targets = raw.targets.map(lambda s: max(1, len([t for t in s.split("|") if t.strip()])))
    assert len(claims) == n_targets.sum()
    untargeted = raw[raw.targets.str.strip() == ""].claim_id
    assert len(untargeted) > 0
    assert claims[claims.claim_id.isin(untargeted)].institution_id.isna().all()
    for col in ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
                "institution_id", "stance", "frame", "themes"]:
        assert col in claims.columns


def test_codebook_defines_every_category(corpus):
    text = (CORPUS / "CODEBOOK.md").read_text(encoding="utf-8")
    for group in ("stances", "frames", "themes", "turn_kinds"):
        for name in corpus.codebook[group]:
            assert re.search(rf"`{re.escape(name)}`|\b{re.escape(name)}\b", text), (group, name)


def test_find_claims_accepts_names_ids_and_lists(corpus):
    by_name = corpus.find_claims(speaker="Mayta", institution="OAS")
    by_id = corpus.find_claims(speaker="mayta", institution="oas")
    assert by_name.equals(by_id) and len(by_name) >= 5
    assert set(by_name.speaker) == {"Rogelio Mayta"} and set(by_name.institution) == {"OAS"}
    both = corpus.find_claims(speaker=["Mayta", "Llorenti"], institution="Organization of American States")
    assert set(both.speaker) == {"Rogelio Mayta", "Sacha Llorenti"}
    alias = corpus.find_claims(institution="Celac")
    assert set(alias.institution) == {"CELAC"}
    critical = corpus.find_claims(institution="OAS", stance="critical")
    assert len(critical) > 0 and set(critical.stance) == {"critical"}
    themed = corpus.find_claims(theme="sovereignty")
    assert themed.themes.str.contains("sovereignty").all() and len(themed) > 0
    assert len(corpus.find_claims()) == len(corpus.claims)


def test_find_claims_explains_unknown_names(corpus):
    with pytest.raises(ValueError, match=r"Unknown speaker 'Maita'. Try one of: .*Mayta"):
        corpus.find_claims(speaker="Maita")
    with pytest.raises(ValueError, match="Unknown institution"):
        corpus.find_claims(institution="NATO")


def test_kwic_finds_terms_with_context(corpus):
    lines = corpus.kwic("Almagro", window=30)
    assert len(lines) == sum(len(re.findall(r"\bAlmagro\b", text, re.I)) for text in corpus.texts.values())
    assert (lines.match.str.lower() == "almagro").all()
    assert lines.left.str.len().max() <= 30
    only_llorenti = corpus.kwic("OAS", speaker="Llorenti")
    assert set(only_llorenti.speaker) == {"Sacha Llorenti"}
    assert corpus.kwic("zzzz").empty and corpus.kwic("").empty
    assert corpus.kwic("UN").match.tolist() == ["UN"] * len(corpus.kwic("UN"))  # whole words only


def test_print_kwic_prints_aligned_lines(corpus, capsys):
    corpus.print_kwic("CELAC", window=20, lines=3)
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("for 'CELAC'") and len(out) == 5
    assert out[-1].startswith("... ")


def test_loading_and_exporting_never_write_into_the_bundled_corpus(tmp_path):
    from helpers import load_corpus
    from helpers.export import to_web_annotation

    before = tree_digest(CORPUS)
    to_web_annotation(load_corpus(CORPUS))
    code, _ = cli("validate", CORPUS)
    code2, out = cli("export", CORPUS, "-o", CORPUS / "x.jsonld")
    assert code == 0 and code2 == 1 and "Refusing" in out
    assert tree_digest(CORPUS) == before


def test_web_annotation_export_round_trips(corpus, tmp_path):
    from helpers.export import claims_from_web_annotation

    out = tmp_path / "a.jsonld"
    code, msg = cli("export", CORPUS, "-o", out)
    assert code == 0, msg
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["total"] == corpus.claims.claim_id.nunique() + len(corpus.mentions)
    back = claims_from_web_annotation(data, corpus)
    cols = ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
            "institution_id", "stance", "frame", "themes"]
    left = corpus.claims[cols].astype(object).where(corpus.claims[cols].notna(), None).reset_index(drop=True)
    right = back[cols].astype(object).where(back[cols].notna(), None).reset_index(drop=True)
    assert left.to_dict("records") == right.to_dict("records")
    item = data["first"]["items"][0]
    pos, quote = item["target"]["selector"]
    text = corpus.texts[left.doc_id[0]]
    assert text[pos["start"]:pos["end"]] == quote["exact"]


# ---- verbs a student can read (issue 11) -----------------------------------------------------

def test_mentions_carry_the_speaker_and_turn_that_said_them(corpus):
    m = corpus.mentions
    assert {"turn_id", "speaker_id", "speaker"} <= set(m.columns)
    assert m.turn_id.notna().all() and m.speaker_id.notna().all()
    bounds = corpus.turns.set_index("turn_id")
    for row in m.itertuples():
        turn = bounds.loc[row.turn_id]
        assert turn.doc_id == row.doc_id and turn.start <= row.start < turn.end and turn.speaker_id == row.speaker_id
        assert row.speaker == corpus.speaker_name(row.speaker_id)
    # the same answer as the merge-and-filter a notebook used to do by hand
    spans = corpus.turns[["turn_id", "doc_id", "speaker_id", "start", "end"]]
    merged = corpus.mentions.drop(columns=["turn_id", "speaker_id", "speaker"]).merge(spans, on="doc_id", suffixes=("", "_turn"))
    merged = merged[(merged.start >= merged.start_turn) & (merged.start < merged.end_turn)]
    assert dict(zip(merged.mention_id, merged.speaker_id)) == dict(zip(m.mention_id, m.speaker_id))


def test_distinct_claims_has_one_row_per_claim_with_joined_targets(corpus):
    rows = corpus.distinct_claims()
    assert rows.claim_id.is_unique and len(rows) == corpus.claims.claim_id.nunique()
    many = corpus.claims.groupby("claim_id").size()
    multi = many[many > 1].index[0]
    expected = corpus.claims[corpus.claims.claim_id == multi]
    got = rows.set_index("claim_id").loc[multi]
    assert got.institution == "; ".join(expected.institution_id.map(corpus.institution_label))
    assert got.stance == "; ".join(expected.stance)
    assert list(rows.columns) == list(corpus.find_claims().columns)
    # from a selection, either raw or readable, the same claims
    picked = corpus.distinct_claims(corpus.find_claims(speaker="Llorenti"))
    assert picked.claim_id.tolist() == corpus.distinct_claims(corpus.select_claims(speaker="Llorenti")).claim_id.tolist()
    assert set(picked.speaker) == {"Sacha Llorenti"}


def test_count_claims_counts_each_claim_once_per_cell(corpus):
    table = corpus.count_claims()  # speakers x themes
    claims = corpus.claims.drop_duplicates("claim_id").explode("themes")
    expected = claims.groupby(["speaker_id", "themes"]).claim_id.nunique()
    for (speaker_id, theme), n in expected.items():
        assert table.loc[corpus.speaker_name(speaker_id), theme] == n
    assert table.values.sum() == expected.sum()
    stances = corpus.count_claims(by="institution", column="stance")
    assert stances.loc["OAS", "critical"] == corpus.claims[(corpus.claims.institution_id == "oas") & (corpus.claims.stance == "critical")].claim_id.nunique()
    # a distinct_claims table counts the same as the rows it came from
    assert corpus.count_claims("institution", "stance", corpus.distinct_claims()).equals(stances)
    frames = corpus.count_claims(by="speaker", column="frame", frame=corpus.find_claims(institution="OAS"))
    assert frames.values.sum() == corpus.find_claims(institution="OAS").claim_id.nunique()
