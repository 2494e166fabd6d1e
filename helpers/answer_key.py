"""The answer key: one entry per autograded exercise, used by the self-check and by nbgrader.

Answers that are facts about the corpus are functions of it, computed when the check runs.
Fixed answers (the letter of a multiple-choice question) are stored only as hashes, made
with ``helpers.checks.answer_hash(exercise_id, "b")``. Hints never give the answer.

To add an exercise: add an entry here, with a hint and two ``more_hints`` (shown after a second
and a third different wrong answer: each points more exactly to where the answer is found, never
to it), and put ``check("<id>", answer_x_y)`` alone in the notebook's read-only test cell (1 point). That one call is both the self-check and the grade.

>>> from helpers.checks import is_correct
>>> is_correct("00_documents", 2) == is_correct("00_documents", " 2 ")
True
"""

from __future__ import annotations

from .answers import Exercise, canonical

__all__ = ["KEY"]

FRAME_WORDS = {f"{name} frame": name for name in ("diagnostic", "prognostic", "motivational")} | {
    "diagnosis": "diagnostic", "prognosis": "prognostic", "motivation": "motivational"}
STANCE_WORDS = {f"{name} stance": name for name in ("critical", "supportive", "neutral")} | {
    "criticism": "critical", "support": "supportive"}


def _speaker_names(corpus) -> dict:
    """Every way of naming a speaker (id, full name, short name), in canonical form -> id."""
    names = {}
    for row in corpus.speakers.itertuples():
        for name in (row.speaker_id, row.name, row.short_name):
            if isinstance(name, str) and name:
                names[canonical("word", name)] = canonical("word", row.speaker_id)
    return names


def _theme_names(corpus) -> dict:
    """Theme ids and their display forms ("US influence") -> theme id."""
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
                        answer=lambda corpus: 4,
        more_hints=(
            "say the sentence aloud slowly and count each word as you say it; short words such as \"a\" count too.",
            "words are separated by spaces: count the spaces and add the first word.")),

    # --- 0 · Start here ---------------------------------------------------------------------
    "00_documents": Exercise(
        "number", "each interview is one document; look at the summary line printed after load_corpus(), "
        "or at len(corpus.documents).",
        answer=lambda corpus: len(corpus.documents),
        well_done="Each interview is one document.",
        more_hints=(
            "the cell that runs load_corpus() prints a summary line; find the word \"documents\" in it and read the"
            " number just before it. Each interview counts once, however many turns or claims it has.",
            "run len(corpus.documents) in a new code cell and type the number it prints, without quotes. Claims, "
            "turns and speakers are not documents.")),
    "00_llorenti_alba": Exercise(
        "number", "select only Sacha Llorenti under Speaker and only ALBA-TCP under Institution, with theme "
        "and stance set to 'All', and read the number at the start of the count line.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker="llorenti", institution="alba")),
        more_hints=(
            "in the explorer, check every menu: only Sacha Llorenti under Speaker, only ALBA-TCP under "
            "Institution, and 'All' under Theme and Stance. The count line counts claims, not table rows.",
            "with code, run corpus.find_claims(speaker=\"Llorenti\", institution=\"ALBA-TCP\").claim_id.nunique(): a "
            "claim with several targets fills several rows but counts once.")),
    "00_whose_claim": Exercise(
        "choice", "find the claim in the explorer's table and read its speaker column; the codebook's section 1.4 "
        "says who the speaker of a claim is. Type one letter, in quotes.",
        answer=lambda corpus: {"mayta": "a", "kawsachun_news": "b"}[
            corpus.claims.loc[corpus.claims.claim_id == "mayta_c01", "speaker_id"].iloc[0]],
        well_done="Outlets make claims too, in their introductions and questions.",
        more_hints=(
            "open corpus/CODEBOOK.md at section 1.4 (Speaker): the speaker of a claim is the speaker of the turn "
            "that holds it. Is the sentence in one of Mayta's answers, or in the text the outlet wrote around "
            "them?",
            "section 1.5 (Reported views) covers sentences like \"The country is raising its voice…\": reporting a "
            "view does not change who is speaking. Read the speaker column of the mayta_c01 row in the explorer's"
            " table and compare that name with the options.")),

    # --- 1 · The sources --------------------------------------------------------------------
    "01_interviewer": Exercise(
        "word", "look at the interviewer column of the document table: one interview has a name there, the "
        "other is empty. Type the name as it appears, in quotes.",
        answer=lambda corpus: corpus.documents.set_index("doc_id").loc["llorenti_2021", "interviewer"],
        well_done="The name comes from a Portuguese reprint, not from the English text: the corpus records "
                  "that in interviewer_source.",
        more_hints=(
            "rerun the cell just above the exercise (the table with title, outlet, interviewer, date and url) and"
            " read the interviewer column row by row: one cell is empty, the other holds a person's name.",
            "copy the name exactly as the interviewer column shows it, in quotes. The outlet column holds the "
            "name of a news outlet, not of the person who asked the questions.")),
    "01_elected": Exercise(
        "ids", "both claims are in the introduction (turn llorenti_t02); look for the two verbs that say how "
        "he got the post. Give a list of two ids in quotes.",
        answer=lambda corpus: corpus.claims[(corpus.claims.speaker_id == "brasil_de_fato")
                                            & corpus.claims.quote.str.contains("elected|appointed")].claim_id.unique(),
        well_done="The same introduction uses two verbs that imply different things about who chose him.",
        more_hints=(
            "print the introduction again with print(corpus.turn_text(\"llorenti_t02\")) and find the two "
            "neighbouring sentences that say how Llorenti got his post; then look for those sentences in the "
            "quote column of corpus.find_claims(speaker=\"Brasil de Fato\").",
            "search the quotes for each verb, e.g. bdf[bdf.quote.str.contains(\"elected\")], then do the same with "
            "the verb of the other sentence; put the claim_id of each of the two rows in one list, each id in "
            "quotes.")),
    "01_outlet_coup": Exercise(
        "ids", "keep the rows of the outlets table whose quote contains the word (outlets.quote.str.contains(\"coup\")), "
        "and list every distinct claim_id. Look at both outlets, and at questions as well as introductions.",
        answer=lambda corpus: _outlet_claims(corpus).loc[lambda c: c.quote.str.contains("coup")].claim_id.unique(),
        well_done="The outlets use the word in their introductions and in their questions.",
        more_hints=(
            "run outlets[outlets.quote.str.contains(\"coup\")] and look at every row it shows: the word can come "
            "from either interview, in an introduction or in a question.",
            "add .claim_id.unique() to that line so that each claim is listed once, and put every id it prints in"
            " your list, each in quotes, separated by commas.")),
    "01_lateral_reading": Exercise(
        "choice", "reread the note on how professional fact-checkers work, under the options. Type one "
        "letter, in quotes.",
        hashed=("0389c8c68c79cda62aab6f7753647778c56483f702dd3149b3129026bb3c135c",),
        well_done="That is lateral reading: you learn most about a site by leaving it.",
        more_hints=(
            "reread the paragraph just above the exercise that begins \"Why this matters\": what did the "
            "professional fact-checkers do with a site after a quick look at it?",
            "for each option, ask whether it relies on what the outlet says about itself or how its site looks, "
            "or on what other sources with no stake in the outlet say about it. The same paragraph says which of "
            "these the fact-checkers did.")),

    # --- 2 · Reading closely ----------------------------------------------------------------
    "02_integration_mayta": Exercise(
        "number", "pick Rogelio Mayta under Speaker in the concordance and read the number of matches, or count "
        "the rows of corpus.kwic(\"integration\", speaker=\"Mayta\") with len(...). Count only Mayta's turns.",
        answer=lambda corpus: len(corpus.kwic("integration", speaker="mayta")),
        more_hints=(
            "the cell above the exercise shows Llorenti's concordance, not Mayta's. In the concordance widget, "
            "type integration, pick Rogelio Mayta under Speaker (not 'All'), and read the number of matches.",
            "run len(corpus.kwic(\"integration\", speaker=\"Mayta\")) in a new cell: each row is one occurrence in "
            "Mayta's answers. Kawsachun News's questions are not his turns.")),
    "02_oas_mentions_mayta": Exercise(
        "number", "count the rows of m where speaker_id == \"mayta\" and institution_id == \"oas\" (combine the two "
        "conditions with &), e.g. with len(...). Kawsachun News's introduction and questions do not count.",
        answer=lambda corpus: int(corpus.mentions.eval('speaker_id == "mayta" and institution_id == "oas"').sum()),
        well_done="Now compare that with the number of his claims about the OAS, below.",
        more_hints=(
            "the table m has one row per mention. Keep only the rows where both conditions hold: m[(m.speaker_id "
            "== \"mayta\") & (m.institution_id == \"oas\")], with each condition in its own brackets.",
            "wrap that line in len(...) to count its rows, and count every row: here each mention counts, even "
            "when several are in the same sentence. Rows whose speaker_id is kawsachun_news are the outlet's "
            "words.")),
    "02_alba_aliases": Exercise(
        "speaker", "count the different surface forms per speaker for institution_id \"alba\" only (use the tip), "
        "then give the speaker with the highest count. Remember that the outlets are speakers too.",
        answer=lambda corpus: corpus.mentions.loc[lambda m: m.institution_id == "alba"]
        .groupby("speaker_id").surface.nunique().idxmax(),
        synonyms=_speaker_names,
        more_hints=(
            "run the tip's line, m[m.institution_id == \"alba\"].groupby(\"speaker_id\").surface.nunique(). It prints"
            " one number per speaker: how many different ways that speaker names ALBA-TCP. Organs such as "
            "bank_of_alba have their own ids and do not count.",
            "add .idxmax() to the line, or read the list for the largest number, and type that speaker's id or "
            "name in quotes. Read every row of the list before you choose.")),
    "02_mention_or_claim": Exercise(
        "choice", "a claim says something about an institution; a mention only names it. For each option, ask "
        "whether the speaker evaluates, proposes or demands something about the OAS. Type one letter, in quotes.",
        hashed=("9c323e58d543f573d379680efba16cdb18835ac8f6fd71a8d74add63120d5cdd",),
        well_done="A set-up that names the OAS is a mention; the evaluations come in the claims after it.",
        more_hints=(
            "read corpus/CODEBOOK.md, section 1.3, rules N1 to N4: they list what is not coded, such as "
            "rhetorical set-ups and discourse markers. Then run corpus.find_claims(speaker=\"Mayta\", "
            "institution=\"OAS\") and look for the words of each passage in its quote column.",
            "search the quotes with a word from each passage, e.g. found[found.quote.str.contains(\"forum\")] after"
            " found = corpus.find_claims(speaker=\"Mayta\", institution=\"OAS\"). A passage that is part of a coded "
            "OAS claim says something about the OAS; the one asked for only names it.")),
    "02_stance_rule": Exercise(
        "choice", "read sections 1.5 (reported views) and 3.2 (hard cases) of CODEBOOK.md, then test each "
        "option against them. Type one letter, in quotes.",
        answer=lambda corpus: {"supportive": "a", "critical": "b", "neutral": "c", "none": "d"}[
            _claim_stance(corpus, "mayta_c06", "oas")],
        well_done="Removing the secretary general presupposes that something is wrong with the OAS as he leads it.",
        more_hints=(
            "read corpus/CODEBOOK.md, section 3.2, rules 3 (Almagro) and 4 (calls to strengthen, remove or "
            "refound), and section 1.5 (Reported views). First decide whether the claim has an OAS target at all,"
            " then which stance the rules give it.",
            "section 1.5 says when a reported view is coded as the speaker's own: look in Mayta's sentence for a "
            "word of distance such as \"they claim\" or \"supposedly\". Then check the reason each option gives "
            "against the rule it cites: an option whose reason contradicts the codebook is wrong.")),
    "02_frame_choice": Exercise(
        "choice", "go through the codebook's three rules in the order given above and stop at the first one that "
        "fits the sentence. Type a single letter in quotes.",
        answer=lambda corpus: {"diagnostic": "a", "prognostic": "b", "motivational": "c"}[
            corpus.claims.loc[corpus.claims.claim_id == "llorenti_c06", "frame"].iloc[0]],
        well_done="\"We called on…\" is a call to act.",
        more_hints=(
            "open corpus/CODEBOOK.md, section 4 (Frames). Its rules are tried in order: first motivational, then "
            "prognostic, and diagnostic only when neither fits. Read the list of typical signals under each rule.",
            "compare the first three words of Llorenti's sentence with the signals listed under each rule, and "
            "check whether the exception (a specific measure after \"we need to\") applies. Stop at the first rule "
            "that fits.")),

    # --- 3 · The case against the OAS -------------------------------------------------------
    "03_mayta_critical": Exercise(
        "number", "pick only Rogelio Mayta as speaker, only OAS as institution and 'critical' as stance, then read "
        "the number at the start of the count line; with code, count the different claim_id values "
        "(.claim_id.nunique()), not the rows.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker="mayta", institution="oas", stance="critical")),
        more_hints=(
            "the explorer above starts with OAS already picked: also pick only Rogelio Mayta under Speaker and "
            "only critical under Stance, with Theme on 'All', and read the number at the start of the count line.",
            "with code: corpus.find_claims(speaker=\"Mayta\", institution=\"OAS\", "
            "stance=\"critical\").claim_id.nunique(). A claim with several targets fills several rows but counts "
            "once, and Kawsachun News's claims are not Mayta's.")),
    "03_oas_frame": Exercise(
        "word", "type one of the three frame names (diagnostic, prognostic, motivational), in quotes; count each "
        "claim once (oas.drop_duplicates(\"claim_id\").frame.value_counts()) and take the most frequent.",
        answer=lambda corpus: corpus.select_claims(institution="oas").drop_duplicates("claim_id")
        .frame.value_counts().idxmax(),
        synonyms=FRAME_WORDS,
        well_done="The case against the OAS mostly names problems and culprits.",
        more_hints=(
            "the table oas above has one row per claim and target, so a claim can appear twice. Run "
            "oas.drop_duplicates(\"claim_id\").frame.value_counts(): the list is sorted from the most to the least "
            "frequent frame.",
            "type the frame name exactly as value_counts() prints it, in lower case and in quotes. CODEBOOK.md, "
            "section 4, defines the three frames if you want to check that the count makes sense.")),
    "03_outlet_oas": Exercise(
        "ids", "keep the rows of the oas table whose speaker is Kawsachun News or Brasil de Fato, and list every "
        "different claim_id among them as strings in square brackets; check that you did not leave one out.",
        answer=lambda corpus: _outlet_claims(corpus).loc[lambda c: c.institution_id == "oas"].claim_id.unique(),
        well_done="The outlets frame the OAS before the interviewees speak.",
        more_hints=(
            "keep the rows of the oas table whose speaker column is an outlet: oas[oas.speaker.isin([\"Kawsachun "
            "News\", \"Brasil de Fato\"])]. Look at every row, from both interviews.",
            "add .claim_id.unique() to that line and copy every id it prints into your list, each in quotes and "
            "separated by commas. Claims by Mayta or Llorenti do not belong in it.")),
    # --- 4 · Bolivia's election crisis -----------------------------------------------------
    "04_commissioned": Exercise(
        "choice", "for each option, ask whether knowing who paid for a study could show that its result is right "
        "or wrong, or only tell you what to check. Type one letter, in quotes.",
        hashed=("0dc77b31d20832aa0657bbde4800ca8550c6eeb366827cde34cc0e11f7ec0e11",),
        well_done="Who paid for a study tells you what to check, not what to conclude.",
        more_hints=(
            "reread the paragraphs above the exercise on the audit studies and \"The replies\": what did each side "
            "examine (data, methods), and how did the other side answer it?",
            "the module's way with every source, since notebook 1, is to note who made it and then check it "
            "against other sources. For each option, ask whether it judges a study by something you can check in "
            "the study, or only by who asked for it.")),
    "04_evidence_question": Exercise(
        "choice", "reread section 6: which question is about what happened to the votes, and which are about how "
        "to name or judge what happened? Type one letter, in quotes.",
        hashed=("75e764a1ee439bdd7d8a555c0ac05701d6e2728db1fa205f435f357311daf601",),
        well_done="Tally sheets and statistics bear on the count; they cannot settle what to call November 2019.",
        more_hints=(
            "reread the table in section 6, \"Two questions, not one\": its last column lists the evidence that "
            "bears on each kind of question. Tally sheets and statistics of the count appear in one row only.",
            "for each option, ask whether the numbers and the order of the tally sheets could answer it, or "
            "whether you would need the Constitution, a court ruling, or a judgement about what to call "
            "something.")),

    # --- 5 · The alternatives ---------------------------------------------------------------
    "05_sucre_year": Exercise(
        "number", "find the row whose label is SUCRE in the institutions table and read its 'founded' column "
        "(or its founded_note); type the year as a number.",
        answer=lambda corpus: int(corpus.institutions.set_index("institution_id").loc["sucre", "founded"]),
        well_done="The SUCRE had existed for more than ten years before the interview.",
        more_hints=(
            "rerun the table in section 1 (label, name, kind, founded, founded_note) and find the row whose label"
            " is SUCRE; the founded column holds one year.",
            "the founded_note names more than one date (when the SUCRE was agreed, announced and first used); the"
            " question asks when it started to operate, which is the year in the founded column and the one the "
            "note marks as given here. Type it as a number, without quotes.")),
    "05_celac_prognostic": Exercise(
        "number", "keep the rows of the `prognostic` table (not all claims) whose institution is CELAC, and count "
        "the different claim_id values.",
        answer=lambda corpus: _distinct(corpus.select_claims(institution="celac")
                                        .loc[lambda c: c.frame == "prognostic"]),
        more_hints=(
            "start from the prognostic table shown above the exercise, not from all claims: "
            "prognostic[prognostic.institution == \"CELAC\"] keeps its CELAC rows.",
            "add .claim_id.nunique() to that line: a claim that targets CELAC and another institution fills "
            "several rows but counts once. Claims by every speaker count, outlets included.")),
    "05_unasur_stance": Exercise(
        "word", "look at the stance column of corpus.find_claims(speaker=['Mayta', 'Llorenti'], institution='UNASUR'), "
        "then read codebook rule 3.2.5 and check which rule the coders applied.",
        # the premise is about the two bundled speakers: an added interview's UNASUR claims do not count
        answer=lambda corpus: "|".join(sorted(set(corpus.select_claims(speaker=["mayta", "llorenti"], institution="unasur").stance))),
        synonyms=STANCE_WORDS,
        well_done="Regretting harm done to an institution shows that the speaker values it.",
        more_hints=(
            "run corpus.find_claims(speaker=[\"Mayta\", \"Llorenti\"], institution=\"UNASUR\") and read the stance "
            "column of every row: the question asks what the coders wrote, not what words such as \"wrecked\" "
            "suggest at first.",
            "read corpus/CODEBOOK.md, section 3.2, rule 5: the stance measures what the speaker thinks of UNASUR "
            "itself, not of whoever harmed it. Type the stance word exactly as the stance column shows it, in "
            "quotes.")),
    "05_sucre_what": Exercise(
        "choice", "read the founded_note of the SUCRE row: it says what kind of thing the SUCRE is and what it is "
        "not. Type only the letter, in quotes.",
        hashed=("0ec2b7ba87ae22c9b4446bc935f2f623a5be7a78a8f057c11c186a2e94ed123c",),
        well_done="A unit of account for clearing payments, not a currency.",
        more_hints=(
            "print the SUCRE note in full, since the table may wrap or cut long notes: "
            "corpus.institutions.set_index(\"institution_id\").loc[\"sucre\", \"founded_note\"].",
            "compare the note's words with each option, word by word: what kind of thing does the note say the "
            "SUCRE is, who uses it, and what does it say the SUCRE is not? Pick the option that uses the note's "
            "own words.")),
    "05_frame_rule": Exercise(
        "choice", "apply the frame rules of CODEBOOK.md, section 4, in their order, and stop at the first that "
        "fits. Type one letter, in quotes.",
        hashed=("dc4ad35e396e1e203258ea1354f9cc4277410089c9993057258cd7de2d34c8f3",),
        well_done="\"We need to…\" followed by a specific measure is a proposal, so the exception applies.",
        more_hints=(
            "read corpus/CODEBOOK.md, section 4, rule 1 to its end, including the exception in bold. The rules "
            "are tried in order, so a later rule counts only when an earlier one does not apply.",
            "ask whether \"set up a common CELAC fund to buy vaccines\" is a general call to act or a specific "
            "measure, then read what rule 1 and its exception say about each, and compare with the codebook's "
            "examples.")),

    # --- 6 · Principles ---------------------------------------------------------------------
    "06_llorenti_themes": Exercise(
        "words", "count each of Llorenti's own claims once, explode the themes, and compare the counts of the six "
        "themes in `principles` only; give the two with the highest count as a list of theme ids.",
        answer=_llorenti_top_principles,
        synonyms=_theme_names,
        well_done="Llorenti appeals to international law as often as he speaks of the United States.",
        more_hints=(
            "run the cell under the tip: for Llorenti, it shows how many of his own claims carry each of the six "
            "themes in principles. Read the two largest numbers; they are equal.",
            "type the two theme ids exactly as that cell labels them, with underscores, as a list of two strings "
            "in square brackets. Only the six themes in principles count, and the example in the question is not "
            "the answer.")),
    "06_primary_source": Exercise(
        "choice", "ask which of the four sources is not an account by someone with a stake in the claim. Type one "
        "letter, in quotes.",
        hashed=("a94e390bed632a7ecac0e3a4ede378f8e86b3cce3cbc2d15c034f6808854cce2",),
        well_done="The Charter itself is the primary source for what the Charter says.",
        more_hints=(
            "split the claim in two: what ALBA-TCP's principles are, and what the Charter of the United Nations "
            "says. Which source could show you the checkable part directly, not through someone's retelling of "
            "it?",
            "for each option, ask who wrote it, whether they have a stake in Llorenti's claim being true, and "
            "whether it holds the texts you would need to compare side by side.")),
    "06_multipolarity_speakers": Exercise(
        "number", "run corpus.find_claims(theme=\"multipolarity\") and count the different names in the speaker "
        "column (outlets count as speakers).",
        answer=lambda corpus: corpus.select_claims(theme="multipolarity").speaker_id.nunique(),
        more_hints=(
            "run corpus.find_claims(theme=\"multipolarity\") and read the speaker column from top to bottom; "
            "several rows may share the same speaker.",
            "add .speaker.nunique() to that line to count the different names. The question asks for speakers, "
            "not for rows or claims; outlets count as speakers.")),
    "06_no_target": Exercise(
        "number", "count claims, not rows: keep the rows whose institution is empty (\"\"), then count the "
        "different claim_id values.",
        answer=lambda corpus: _distinct(corpus.select_claims(theme=PRINCIPLES).loc[lambda c: c.institution_id.isna()]),
        well_done="A large share of the claims about principles is invisible in both figures.",
        more_hints=(
            "run found = corpus.find_claims(theme=principles) and keep the rows whose institution column is "
            "empty: found[found.institution == \"\"] (two quote marks with nothing between them).",
            "add .claim_id.nunique() to that line: the question counts claims, not rows, and only claims with at "
            "least one of the six themes in principles.")),

    # --- 7 · Corroboration and synthesis ----------------------------------------------------
    "07_oas_critical": Exercise(
        "number", "use corpus.find_claims with both speakers, the institution OAS and the stance critical, and "
        "count the different claim_id values, not the rows.",
        answer=lambda corpus: _distinct(corpus.select_claims(speaker=["mayta", "llorenti"], institution="oas",
                                                             stance="critical")),
        well_done="Criticism of the OAS is the strongest point of agreement between the two.",
        more_hints=(
            "give both speakers as a list: corpus.find_claims(speaker=[\"Mayta\", \"Llorenti\"], institution=\"OAS\", "
            "stance=\"critical\"). That leaves the outlets' claims out.",
            "add .claim_id.nunique() to that line. If you add up the tables above instead, take only the OAS "
            "row's critical column, once for each speaker.")),
    "07_checkable": Exercise(
        "choice", "a fact-check can settle what happened, when and how often, not how good or bad something is. Type one letter, in "
        "quotes.",
        hashed=("521177d1aecda5dc27580b6a3ec2dbd1a1fc3c4d8709e4eed9de9d2725a61080",),
        well_done="Judgements can be argued with, but not settled by a source.",
        more_hints=(
            "reread the start of section 2, \"What holds up against other sources\": only the factual parts of a "
            "claim can be checked. For each quote, ask whether a document or a news report could show it true or "
            "false.",
            "underline the evaluating words in each quote (words that say good, bad, most or least), then ask of "
            "what is left whether an official report or a news story could confirm that it happened or is "
            "happening.")),
    "07_who_produced": Exercise(
        "choice", "reread the notes under the poverty table, and ask what knowing who produced a figure tells you "
        "to check, as with the audit studies in notebook 4, section 3. Type one letter, in quotes.",
        hashed=("309b113ac1ed7e070e064241a66e1812fffe25ca8d3548663adc304042261942",),
        well_done="Official figures are evidence; knowing who made them tells you what to compare them with.",
        more_hints=(
            "reread the bullet notes under the poverty table: who INE is, and what changed in its method in 2020.",
            "check each option against those notes: does it describe INE as they do, and does it draw only a "
            "conclusion that the notes support, such as what to compare the figures with?")),
}
