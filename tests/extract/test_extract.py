"""Extraction: extract_skills on sentences we wrote, and the component inside it."""

from __future__ import annotations

import pickle
import re

import pytest
import spacy

import cvmatch
from cvmatch.extract import SkillMatcher, get_extractor, patterns_from_taxonomy
from cvmatch.extract.cues import posting_cues


def ids(text: str, kind: str = "resume") -> set[str]:
    return set(cvmatch.extract_skills(text, kind=kind).ids)


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Resolved billing complaints for unhappy customers.", "complaint_handling"),
        ("Handled customer complaints and refunds.", "complaint_handling"),
        ("Trained 12 new hires on our systems.", "coaching"),
        ("Mentored new agents during onboarding.", "coaching"),
        ("Logged every case in Zendesk.", "crm_ticketing"),
        ("Worked in Salesforce Service Cloud daily.", "crm_ticketing"),
        ("Kept CSAT at 96% for two years.", "cx_metrics"),
        ("Reduced AHT by 30 seconds.", "cx_metrics"),
        ("Answered inbound calls from customers.", "phone_support"),
        ("Supervised a team of 12 agents.", "team_leadership"),
        ("Calmed irate customers and de-escalated tense calls.", "de_escalation"),
        ("Processed returns and refunds accurately.", "order_processing"),
        ("Upsold premium plans on service calls.", "upselling"),
        ("Bilingual in English and Spanish.", "multilingual"),
        ("Used Genesys and Five9 dialers.", "contact_center_software"),
        ("Prioritised a busy queue and multitasked.", "time_management"),
    ],
)
def test_finds_concepts_in_real_language(sentence, concept):
    assert concept in ids(sentence)


def test_evidence_points_into_the_document_text(resume_text):
    document = cvmatch.read_text(resume_text, kind="resume")
    profile = cvmatch.extract_skills(document)
    assert profile.skills
    for skill in profile.skills:
        for ev in skill.evidence:
            assert document.text[ev.start : ev.end] == ev.text
            assert ev.context and ev.text in ev.context


def test_sections_are_attached_to_evidence(resume_text):
    profile = cvmatch.extract_skills(resume_text, kind="resume")
    crm = profile.get("crm_ticketing")
    assert crm is not None
    assert {"skills"} <= {e.section for e in crm.evidence}


def test_languages_are_reported_as_attributes():
    profile = cvmatch.extract_skills(
        "Bilingual English/Spanish; also conversational French.", kind="resume"
    )
    skill = profile.get("multilingual")
    assert skill is not None
    assert {"Spanish", "French"} <= set(skill.attributes["languages"])


def test_english_alone_is_not_multilingual():
    assert "multilingual" not in ids("Fluent English speaker with great phone manner.")


def test_quantities_stay_with_the_evidence():
    profile = cvmatch.extract_skills("Answered 80 inbound calls a day.", kind="resume")
    quantities = [e.quantity for e in profile.get("phone_support").evidence]
    assert any(q and q.startswith("80") for q in quantities)


@pytest.mark.parametrize(
    "sentence",
    [
        "No experience with Salesforce.",
        "I have never used Zendesk.",
        "Salesforce experience is not required.",
    ],
)
def test_negated_mentions_do_not_count(sentence):
    assert "crm_ticketing" not in ids(sentence)


def _denied(nlp, text):
    doc = nlp(text)
    return [s.text for s in doc.spans["cvmatch_skills_negated"]]


def test_negation_cue_reach_is_one_clause(nlp):
    assert _denied(nlp, "No weekends. Logged cases in Zendesk.") == []
    assert _denied(nlp, "We have no Zendesk") == ["Zendesk"]
    assert _denied(nlp, "No weekends\nZendesk daily") == []  # a line break ends a clause


@pytest.mark.parametrize(
    "text",
    [
        "Zendesk is unnecessary",
        "Zendesk isn't required",
        "Zendesk is not a requirement",
        "Not only Zendesk but Freshdesk",  # "not only": an exception ...
    ],
)
def test_denials_after_the_mention(nlp, text):
    denied = _denied(nlp, text)
    assert denied == ([] if text.startswith("Not only") else ["Zendesk"])


def test_negation_reaches_four_words(nlp):
    assert _denied(nlp, "no experience at all with Zendesk") == ["Zendesk"]
    assert _denied(nlp, "no weekends or evenings and some Zendesk") == []


def test_posting_required_vs_preferred_and_boilerplate(posting_text):
    profile = cvmatch.extract_skills(posting_text, kind="posting")
    crm = profile.get("crm_ticketing")
    assert crm is not None and crm.required is True
    languages = profile.get("multilingual")
    assert languages is not None and languages.required is False
    # the benefits section mentions a leadership programme: not a requirement
    assert profile.get("team_leadership") is None


def test_preferred_wording_without_a_section():
    text = (
        "Customer Service Advisor. You will answer customer emails. Experience with Zendesk "
        "would be an advantage. You must have excellent written communication."
    )
    profile = cvmatch.extract_skills(text, kind="posting")
    assert profile.get("crm_ticketing").required is False
    assert profile.get("written_communication").required is True


def test_component_in_a_blank_pipeline(nlp):
    ruler = nlp.get_pipe("cvmatch_skills")
    doc = nlp("Resolved customer complaints in Zendesk.")
    spans = doc.spans["cvmatch_skills"]
    found = {span.id_ for span in spans}
    assert {"complaint_handling", "crm_ticketing"} <= found
    assert all(span.label_ == span.id_ for span in spans)  # the label is the concept
    categories = {span.label_: span._.cvmatch_category for span in spans}
    assert categories["crm_ticketing"] == "technical"
    assert categories["complaint_handling"] == "service"
    assert "crm_ticketing" in ruler and len(ruler) > 100
    assert "crm_ticketing" in ruler.labels and "crm_ticketing" in ruler.ids


def test_component_to_disk_from_disk_round_trip(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("cvmatch_skills")
    ruler.add_patterns([{"label": "crm_ticketing", "pattern": "acmedesk"}])
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("We used AcmeDesk every day")
    assert [s.id_ for s in doc.spans["cvmatch_skills"]] == ["crm_ticketing"]
    again = loaded.get_pipe("cvmatch_skills")
    again.from_disk(tmp_path / "pipeline" / "cvmatch_skills")
    assert len(again) == 1  # loading clears first: idempotent


def test_component_bytes_round_trip_and_pickle():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("cvmatch_skills")
    ruler.add_patterns([{"label": "phone_support", "pattern": "answer call"}])
    other = SkillMatcher(spacy.blank("en")).from_bytes(ruler.to_bytes())
    assert other.patterns == ruler.patterns
    clone = pickle.loads(pickle.dumps(nlp))
    doc = clone("Answered calls")
    assert [s.id_ for s in doc.spans["cvmatch_skills"]] == ["phone_support"]


def test_nlp_pipe_with_two_processes():
    nlp = spacy.blank("en")
    nlp.add_pipe("cvmatch_skills")
    nlp.initialize()
    texts = ["Handled complaints.", "Used Zendesk.", "Trained new hires."] * 2
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    assert [sorted({s.id_ for s in d.spans["cvmatch_skills"]}) for d in docs][:3] == [
        ["complaint_handling"],
        ["crm_ticketing"],
        ["coaching"],
    ]


def test_patterns_are_data():
    patterns = patterns_from_taxonomy(cvmatch.load_taxonomy())
    assert all({"label", "id", "category", "pattern"} <= set(p) for p in patterns)
    assert all(p["label"] == p["id"] for p in patterns)
    assert {p["id"] for p in patterns} == set(cvmatch.load_taxonomy().concepts)


def test_extractor_is_cached():
    assert get_extractor() is get_extractor()


def test_saved_default_pipeline_keeps_the_shipped_patterns(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("cvmatch_skills")
    nlp.initialize()  # never called before saving
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("Handled customer complaints in Zendesk")
    assert {"complaint_handling", "crm_ticketing"} <= {s.id_ for s in doc.spans["cvmatch_skills"]}


def test_added_patterns_come_on_top_of_the_shipped_ones():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("cvmatch_skills")
    nlp.initialize()
    ruler.add_patterns([{"label": "crm_ticketing", "pattern": "acmedesk"}])
    doc = nlp("Used AcmeDesk and Zendesk")
    assert [s.text for s in doc.spans["cvmatch_skills"]] == ["AcmeDesk", "Zendesk"]


PIPE_TEXTS = [
    "Handled customer complaints and escalations by phone, email and live chat.",
    "We have no",  # a negation cue at the very end of one doc ...
    "Zendesk experience is essential.",  # ... must not deny the next doc's first words
    "",
    "No Salesforce experience. Trained 12 new hires on Freshdesk.",
    "Customer service\n\nrepresentative; answered inbound calls",
    "Bilingual English/Spanish. Processed orders and refunds.",
]


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_pipe_batches_give_what_single_docs_give(nlp, batch_size):

    def signature(doc):
        kept = [(s.start, s.end, s.label_, s.id_, s.kb_id_) for s in doc.spans["cvmatch_skills"]]
        denied = [(s.start, s.end, s.id_) for s in doc.spans["cvmatch_skills_negated"]]
        return kept, denied

    single = [signature(nlp(text)) for text in PIPE_TEXTS]
    piped = [signature(doc) for doc in nlp.pipe(PIPE_TEXTS, batch_size=batch_size)]
    assert piped == single
    zendesk = single[2][0]
    assert [s for s in zendesk if s[3] == "crm_ticketing"], "a cue in the previous doc leaked"
    assert any(s[2] == "crm_ticketing" for s in single[4][1])  # "No Salesforce" is denied


@pytest.mark.parametrize(
    "sentence",
    [
        "Benefits include a PENSION and 25 days holiday.",
        "We Offer flexible hours",
        "Nice-to-have: Zendesk",
        "Salesforce experience is a PLUS",
        "Experiência com Zendesk é desejável; we offer a pension",  # not ASCII
        "Handled escalations calmly",
        "ſalary and benefits package",  # long s: a case-blind match outside ASCII
    ],
)
def test_case_blind_cues_agree_with_ignorecase(sentence):
    cues = posting_cues(cvmatch.load_taxonomy().cues)
    for cue in (cues.boilerplate, cues.preferred):
        expected = re.search(cue.lowered.pattern, sentence, re.IGNORECASE) is not None
        assert cue.found_in(sentence) is expected


def test_a_requirement_after_a_benefits_sentence_still_counts():
    # the sentence before ("We offer a pension.") is boilerplate; the mention opening
    # the next sentence must be read in its own sentence
    text = (
        "Customer Service Advisor\nJoin our team answering customer calls. "
        "We offer a pension. Zendesk experience is required."
    )
    profile = cvmatch.extract_skills(cvmatch.read_text(text, kind="posting"))
    zendesk = next(s for s in profile.skills if s.id == "crm_ticketing")
    assert zendesk.required is True
    assert zendesk.evidence[0].context == "Zendesk experience is required."


@pytest.mark.parametrize(
    ("text", "mention", "sentence"),
    [
        ("Handled calls daily. Zendesk admin work.", "Zendesk", "Zendesk admin work."),
        ("Used tools (e.g. Tableau, Looker).", "Tableau", "Used tools (e.g. Tableau, Looker)."),
        ("Met Dr. Smith weekly. Zendesk is key.", "Zendesk", "Zendesk is key."),
        ("Resolved 40 tickets a day\nZendesk", "Zendesk", "Zendesk"),
    ],
)
def test_sentence_bounds(text, mention, sentence):
    from cvmatch.structure.sentences import sentence_bounds as _sentence_bounds

    start = text.index(mention)
    low, high = _sentence_bounds(text, start, start + len(mention))
    assert text[low:high] == sentence


def test_cues_count_near_the_mention_in_run_on_postings():
    # scraped adverts often drop their full stops: a cue far along the same "sentence"
    # says nothing about a requirement, a cue next to it does
    text = (
        "Customer Service Advisor\nWe are recruiting for our busy contact centre in Leeds "
        "and we offer a competitive salary with free parking on site and the chance to "
        "progress quickly within a friendly and growing team of advisors who look after our "
        "customers every day The right candidate will have an excellent telephone manner "
        "Training is given in your first weeks with a dedicated mentor covering our products, "
        "our processes, our systems and our service standards in detail and Zendesk experience "
        "would be a plus"
    )
    profile = cvmatch.extract_skills(cvmatch.read_text(text, kind="posting"))
    found = {s.id: s.required for s in profile.skills}
    assert found.get("verbal_communication") is True  # "we offer" is 212 characters away
    assert found.get("crm_ticketing") is False  # "would be a plus" right after it
