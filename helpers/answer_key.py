"""The answer key: one entry per autograded exercise, used by the self-check and by nbgrader.

Answers that are facts about the corpus are functions of it, computed when the check runs.
Fixed answers (the letter of a multiple-choice question) are stored only as hashes, made
with ``helpers.checks.answer_hash(exercise_id, "b")``. Hints never give the answer.

To add an exercise: add an entry here, and put ``check("<id>", answer_x_y)`` alone in the
notebook's read-only test cell (1 point). That one call is both the self-check and the grade.

>>> from helpers.checks import is_correct
>>> is_correct("00_documents", 2) == is_correct("00_documents", " 2 ")
True
"""

from __future__ import annotations

from .checks import Exercise

__all__ = ["KEY"]

FRAME_WORDS = {f"{name} frame": name for name in ("diagnostic", "prognostic", "motivational")} | {
    "diagnosis": "diagnostic", "prognosis": "prognostic", "motivation": "motivational"}
STANCE_WORDS = {f"{name} stance": name for name in ("critical", "supportive", "neutral")} | {
    "criticism": "critical", "support": "supportive"}


def _speaker_names(corpus) -> dict:
    """Every way of naming a speaker (id, full name, short name), in canonical form -> id."""
    from .checks import canonical

    names = {}
    for row in corpus.speakers.itertuples():
        for name in (row.speaker_id, row.name, row.short_name):
            if isinstance(name, str) and name:
                names[canonical("word", name)] = canonical("word", row.speaker_id)
    return names


def _theme_names(corpus) -> dict:
    """Theme ids and their display forms ("US influence") -> theme id."""
    from .checks import canonical

    return {canonical("word", theme.replace("_", " ")): canonical("word", theme)
            for theme in corpus.codebook["themes"]}


def _distinct(frame, column="claim_id"):
    return frame[column].nunique()


def _outlet_claims(corpus):
    # Exercises 1.3 and 3.3 name the two outlets of the bundled interviews; an instructor's added
    # interview may bring a new outlet, which the exercises (and their solutions) do not ask about.
    return corpus.claims[corpus.claims.speaker_id.isin(["kawsachun_news", "brasil_de_fato"])]


PRINCIPLES = ["sovereignty", "non_interference", "us_influence", "multipolarity", "international_law", "capitalism"]


def _llorenti_top_principles(corpus):
    own = corpus.claims[corpus.claims.speaker_id == "llorenti"].drop_duplicates("claim_id")
    counts = own.explode("themes").themes.value_counts().reindex(PRINCIPLES, fill_value=0)
    return counts[counts == counts.max()].index.tolist()


def _claim_stance(corpus, claim_id, institution_id):
    rows = corpus.claims[(corpus.claims.claim_id == claim_id) & (corpus.claims.institution_id == institution_id)]
    return rows.stance.iloc[0] if len(rows) else "none"


KEY: dict[str, Exercise] = {
    # the example in helpers.checks' docstring
    "00_demo": Exercise("number", "count the words in the sentence, then type the number.",
                        answer=lambda corpus: 4),

    # --- 0 · Start here ---------------------------------------------------------------------
    "00_documents": Exercise(
        "number", "each interview is one document; look at the summary line printed after load_corpus(), "
        "or at len(corpus.documents).",
        answer=lambda corpus: len(corpus.documents),
        well_done="Each interview is one document."),
    "00_llorenti_alba": Exercise(
        "number", "select only Sacha Llorenti under Speaker and only ALBA-TCP under Institution, with theme "
        "and stance set to 'All', and read the number at the start of the count line.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker="llorenti", institution="alba"))),
    "00_whose_claim": Exercise(
        "choice", "find the claim in the explorer's table and read its speaker column; the codebook's section 1.4 "
        "says who the speaker of a claim is. Type one letter, in quotes.",
        answer=lambda corpus: {"mayta": "a", "kawsachun_news": "b"}[
            corpus.claims.loc[corpus.claims.claim_id == "mayta_c01", "speaker_id"].iloc[0]],
        well_done="Outlets make claims too, in their introductions and questions."),

    # --- 1 · The sources --------------------------------------------------------------------
    "01_interviewer": Exercise(
        "word", "look at the interviewer column of the document table: one interview has a name there, the "
        "other is empty. Type the name as it appears, in quotes.",
        answer=lambda corpus: corpus.documents.set_index("doc_id").loc["llorenti_2021", "interviewer"],
        well_done="The name comes from a Portuguese reprint, not from the English text: the corpus records "
                  "that in interviewer_source."),
    "01_elected": Exercise(
        "ids", "both claims are in the introduction (turn llorenti_t02); look for the two verbs that say how "
        "he got the post. Give a list of two ids in quotes.",
        answer=lambda corpus: corpus.claims[(corpus.claims.speaker_id == "brasil_de_fato")
                                            & corpus.claims.quote.str.contains("elected|appointed")].claim_id.unique(),
        well_done="The same introduction uses two verbs that imply different things about who chose him."),
    "01_outlet_coup": Exercise(
        "ids", "keep the rows of the outlets table whose quote contains the word (outlets.quote.str.contains(\"coup\")), "
        "and list every distinct claim_id. Look at both outlets, and at questions as well as introductions.",
        answer=lambda corpus: _outlet_claims(corpus).loc[lambda c: c.quote.str.contains("coup")].claim_id.unique(),
        well_done="The outlets use the word in their introductions and in their questions."),
    "01_lateral_reading": Exercise(
        "choice", "reread the note on how professional fact-checkers work, under the options. Type one "
        "letter, in quotes.",
        hashed=("0389c8c68c79cda62aab6f7753647778c56483f702dd3149b3129026bb3c135c",),
        well_done="That is lateral reading: you learn most about a site by leaving it."),

    # --- 2 · Reading closely ----------------------------------------------------------------
    "02_integration_mayta": Exercise(
        "number", "pick Rogelio Mayta under Speaker in the concordance and read the number of matches, or count "
        "the rows of corpus.kwic(\"integration\", speaker=\"Mayta\") with len(...). Count only Mayta's turns.",
        answer=lambda corpus: len(corpus.kwic("integration", speaker="mayta"))),
    "02_oas_mentions_mayta": Exercise(
        "number", "count the rows of m where speaker_id == \"mayta\" and institution_id == \"oas\" (combine the two "
        "conditions with &), e.g. with len(...). Kawsachun News's introduction and questions do not count.",
        answer=lambda corpus: int(corpus.mentions.eval('speaker_id == "mayta" and institution_id == "oas"').sum()),
        well_done="Now compare that with the number of his claims about the OAS, below."),
    "02_alba_aliases": Exercise(
        "speaker", "count the different surface forms per speaker for institution_id \"alba\" only (use the tip), "
        "then give the speaker with the highest count. Remember that the outlets are speakers too.",
        answer=lambda corpus: corpus.mentions.loc[lambda m: m.institution_id == "alba"]
        .groupby("speaker_id").surface.nunique().idxmax(),
        synonyms=_speaker_names),
    "02_mention_or_claim": Exercise(
        "choice", "a claim says something about an institution; a mention only names it. For each option, ask "
        "whether the speaker evaluates, proposes or demands something about the OAS. Type one letter, in quotes.",
        hashed=("9c323e58d543f573d379680efba16cdb18835ac8f6fd71a8d74add63120d5cdd",),
        well_done="A set-up that names the OAS is a mention; the evaluations come in the claims after it."),
    "02_stance_rule": Exercise(
        "choice", "read sections 1.5 (reported views) and 3.2 (hard cases) of CODEBOOK.md, then test each "
        "option against them. Type one letter, in quotes.",
        answer=lambda corpus: {"supportive": "a", "critical": "b", "neutral": "c", "none": "d"}[
            _claim_stance(corpus, "mayta_c06", "oas")],
        well_done="Removing the secretary general presupposes that something is wrong with the OAS as he leads it."),
    "02_frame_choice": Exercise(
        "choice", "go through the codebook's three rules in the order given above and stop at the first one that "
        "fits the sentence. Type a single letter in quotes.",
        answer=lambda corpus: {"diagnostic": "a", "prognostic": "b", "motivational": "c"}[
            corpus.claims.loc[corpus.claims.claim_id == "llorenti_c06", "frame"].iloc[0]],
        well_done="\"We called on…\" is a call to act."),

    # --- 3 · The case against the OAS -------------------------------------------------------
    "03_mayta_critical": Exercise(
        "number", "pick only Rogelio Mayta as speaker, only OAS as institution and 'critical' as stance, then read "
        "the number at the start of the count line; with code, count the different claim_id values "
        "(.claim_id.nunique()), not the rows.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker="mayta", institution="oas", stance="critical"))),
    "03_oas_frame": Exercise(
        "word", "type one of the three frame names (diagnostic, prognostic, motivational), in quotes; count each "
        "claim once (oas.drop_duplicates(\"claim_id\").frame.value_counts()) and take the most frequent.",
        answer=lambda corpus: corpus.select_claims(institution="oas").drop_duplicates("claim_id")
        .frame.value_counts().idxmax(),
        synonyms=FRAME_WORDS,
        well_done="The case against the OAS mostly names problems and culprits."),
    "03_outlet_oas": Exercise(
        "ids", "keep the rows of the oas table whose speaker is Kawsachun News or Brasil de Fato, and list every "
        "different claim_id among them as strings in square brackets; check that you did not leave one out.",
        answer=lambda corpus: _outlet_claims(corpus).loc[lambda c: c.institution_id == "oas"].claim_id.unique(),
        well_done="The outlets frame the OAS before the interviewees speak."),
    # --- 4 · Bolivia's election crisis -----------------------------------------------------
    "04_commissioned": Exercise(
        "choice", "for each option, ask whether knowing who paid for a study could show that its result is right "
        "or wrong, or only tell you what to check. Type one letter, in quotes.",
        hashed=("0dc77b31d20832aa0657bbde4800ca8550c6eeb366827cde34cc0e11f7ec0e11",),
        well_done="Who paid for a study tells you what to check, not what to conclude."),
    "04_evidence_question": Exercise(
        "choice", "reread section 6: which question is about what happened to the votes, and which are about how "
        "to name or judge what happened? Type one letter, in quotes.",
        hashed=("75e764a1ee439bdd7d8a555c0ac05701d6e2728db1fa205f435f357311daf601",),
        well_done="Tally sheets and statistics bear on the count; they cannot settle what to call November 2019."),

    # --- 5 · The alternatives ---------------------------------------------------------------
    "05_sucre_year": Exercise(
        "number", "find the row whose label is SUCRE in the institutions table and read its 'founded' column "
        "(or its founded_note); type the year as a number.",
        answer=lambda corpus: int(corpus.institutions.set_index("institution_id").loc["sucre", "founded"]),
        well_done="The SUCRE had existed for more than ten years before the interview."),
    "05_celac_prognostic": Exercise(
        "number", "keep the rows of the `prognostic` table (not all claims) whose institution is CELAC, and count "
        "the different claim_id values.",
        answer=lambda corpus: _distinct(corpus.select_claims(institution="celac")
                                        .loc[lambda c: c.frame == "prognostic"])),
    "05_unasur_stance": Exercise(
        "word", "look at the stance column of corpus.find_claims(speaker=['Mayta', 'Llorenti'], institution='UNASUR'), "
        "then read codebook rule 3.2.5 and check which rule the coders applied.",
        # the premise is about the two bundled speakers: an added interview's UNASUR claims do not count
        answer=lambda corpus: "|".join(sorted(set(corpus.select_claims(speaker=["mayta", "llorenti"], institution="unasur").stance))),
        synonyms=STANCE_WORDS,
        well_done="Regretting harm done to an institution shows that the speaker values it."),
    "05_sucre_what": Exercise(
        "choice", "read the founded_note of the SUCRE row: it says what kind of thing the SUCRE is and what it is "
        "not. Type only the letter, in quotes.",
        hashed=("0ec2b7ba87ae22c9b4446bc935f2f623a5be7a78a8f057c11c186a2e94ed123c",),
        well_done="A unit of account for clearing payments, not a currency."),
    "05_frame_rule": Exercise(
        "choice", "apply the frame rules of CODEBOOK.md, section 4, in their order, and stop at the first that "
        "fits. Type one letter, in quotes.",
        hashed=("dc4ad35e396e1e203258ea1354f9cc4277410089c9993057258cd7de2d34c8f3",),
        well_done="\"We need to…\" followed by a specific measure is a proposal, so the exception applies."),

    # --- 6 · Principles ---------------------------------------------------------------------
    "06_llorenti_themes": Exercise(
        "words", "count each of Llorenti's own claims once, explode the themes, and compare the counts of the six "
        "themes in `principles` only; give the two with the highest count as a list of theme ids.",
        answer=_llorenti_top_principles,
        synonyms=_theme_names,
        well_done="Llorenti appeals to international law as often as he speaks of the United States."),
    "06_primary_source": Exercise(
        "choice", "ask which of the four sources is not an account by someone with a stake in the claim. Type one "
        "letter, in quotes.",
        hashed=("a94e390bed632a7ecac0e3a4ede378f8e86b3cce3cbc2d15c034f6808854cce2",),
        well_done="The Charter itself is the primary source for what the Charter says."),
    "06_multipolarity_speakers": Exercise(
        "number", "run corpus.find_claims(theme=\"multipolarity\") and count the different names in the speaker "
        "column (outlets count as speakers).",
        answer=lambda corpus: corpus.select_claims(theme="multipolarity").speaker_id.nunique()),
    "06_no_target": Exercise(
        "number", "count claims, not rows: keep the rows whose institution is empty (\"\"), then count the "
        "different claim_id values.",
        answer=lambda corpus: _distinct(corpus.select_claims(theme=PRINCIPLES).loc[lambda c: c.institution_id.isna()]),
        well_done="A large share of the claims about principles is invisible in both figures."),

    # --- 7 · Corroboration and synthesis ----------------------------------------------------
    "07_oas_critical": Exercise(
        "number", "use corpus.find_claims with both speakers, the institution OAS and the stance critical, and "
        "count the different claim_id values, not the rows.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker=["mayta", "llorenti"], institution="oas",
                                                             stance="critical")),
        well_done="Criticism of the OAS is the strongest point of agreement between the two."),
    "07_checkable": Exercise(
        "choice", "a fact-check can settle what happened, when and how often, not how good or bad something is. Type one letter, in "
        "quotes.",
        hashed=("521177d1aecda5dc27580b6a3ec2dbd1a1fc3c4d8709e4eed9de9d2725a61080",),
        well_done="Judgements can be argued with, but not settled by a source."),
    "07_who_produced": Exercise(
        "choice", "reread the notes under the poverty table, and ask what knowing who produced a figure tells you "
        "to check, as with the audit studies in notebook 4, section 3. Type one letter, in quotes.",
        hashed=("309b113ac1ed7e070e064241a66e1812fffe25ca8d3548663adc304042261942",),
        well_done="Official figures are evidence; knowing who made them tells you what to compare them with."),
}
