"""The cvmatch_skills component as a spaCy citizen: initialize, evaluate, displacy,
serialisation with exclude, settings, errors, and the cue words as data."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import spacy
from spacy import displacy
from spacy.training import Example

import cvmatch
from cvmatch.errors import CvmatchError, InvalidInput
from cvmatch.extract import ComponentNotInitialized, SkillMatcher, get_extractor

ACME = [{"label": "crm_ticketing", "category": "technical", "pattern": "acmedesk"}]


def blank_with(patterns=None, **config):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("cvmatch_skills", config=config)
    if patterns is not None:
        ruler.add_patterns(patterns)
    return nlp, ruler


def test_evaluate_returns_span_prf_on_a_blank_pipeline(nlp):
    texts = ["Resolved complaints in Zendesk.", "Answered inbound calls daily."]
    examples = []
    for text in texts:
        gold = nlp.make_doc(text)
        if text.startswith("Resolved"):
            gold.spans["cvmatch_skills"] = [
                gold.char_span(9, 19, label="complaint_handling"),
                gold.char_span(23, 30, label="crm_ticketing"),
            ]
        else:  # "calls" is the gold skill; the matcher also finds other words
            gold.spans["cvmatch_skills"] = [gold.char_span(9, 22, label="phone_support")]
        examples.append(Example(nlp.make_doc(text), gold))
    scores = nlp.evaluate(examples)
    for suffix in ("p", "r", "f"):
        assert 0.0 <= scores[f"spans_cvmatch_skills_{suffix}"] <= 1.0
    assert scores["spans_cvmatch_skills_r"] > 0
    assert "complaint_handling" in scores["spans_cvmatch_skills_per_type"]
    perfect = [Example(nlp(t), nlp(t)) for t in texts]
    assert nlp.evaluate(perfect)["spans_cvmatch_skills_f"] == 1.0


def test_displacy_shows_concept_ids(nlp):
    doc = nlp("Resolved customer complaints in Zendesk.")
    html = displacy.render(doc, style="span", options={"spans_key": "cvmatch_skills"})
    assert "crm_ticketing" in html and "complaint_handling" in html
    assert ">technical<" not in html and ">service<" not in html


def test_uninitialised_use_is_a_clear_error():
    nlp, ruler = blank_with()
    assert len(ruler) == 0  # nothing loaded behind the user's back
    with pytest.raises(ComponentNotInitialized, match="initialize"):
        nlp("Used Zendesk")
    with pytest.raises(ComponentNotInitialized):
        list(nlp.pipe(["Used Zendesk"]))
    assert issubclass(ComponentNotInitialized, CvmatchError)


def test_errors_go_through_the_error_handler():
    nlp, _ruler = blank_with()
    seen = []

    def handler(name, proc, docs, error):
        seen.append((name, len(docs), type(error)))
        return docs[0]

    nlp.set_error_handler(handler)
    assert nlp("Used Zendesk").text == "Used Zendesk"
    assert list(nlp.pipe(["one", "two"])) == []  # a failed batch is dropped, as spaCy's pipes do
    assert seen == [("cvmatch_skills", n, ComponentNotInitialized) for n in (1, 2)]


def test_initialize_twice_is_idempotent():
    nlp, ruler = blank_with()
    nlp.initialize()
    size = len(ruler)
    nlp.initialize()
    assert len(ruler) == size > 100


def test_initialize_with_patterns_uses_only_those():
    nlp, ruler = blank_with()
    ruler.initialize(patterns=ACME)
    assert ruler.ids == ("crm_ticketing",)
    doc = nlp("AcmeDesk, not Zendesk")
    assert [s.text for s in doc.spans["cvmatch_skills"]] == ["AcmeDesk"]
    assert doc.spans["cvmatch_skills"][0]._.cvmatch_category == "technical"


def test_to_disk_from_disk_honour_exclude(tmp_path):
    _nlp, ruler = blank_with(ACME)
    ruler.to_disk(tmp_path / "all")
    ruler.to_disk(tmp_path / "no-patterns", exclude=["patterns"])
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["cues.json", "patterns.jsonl"]
    assert [p.name for p in (tmp_path / "no-patterns").iterdir()] == ["cues.json"]
    other = SkillMatcher(spacy.blank("en"))
    other.from_disk(tmp_path / "all", exclude=["patterns"])
    assert len(other) == 0 and other.cues == ruler.cues
    other.from_disk(tmp_path / "all")
    other.from_disk(tmp_path / "all")  # loading clears first: twice is once
    assert other.patterns == ruler.patterns


def test_to_bytes_from_bytes_honour_exclude():
    _nlp, ruler = blank_with(ACME)
    other = SkillMatcher(spacy.blank("en")).from_bytes(ruler.to_bytes(exclude=["cues"]))
    assert other.patterns == ruler.patterns
    empty = SkillMatcher(spacy.blank("en")).from_bytes(ruler.to_bytes(), exclude=["patterns"])
    assert len(empty) == 0


def test_settings_live_in_config_cfg_only(tmp_path):
    nlp, _ruler = blank_with(ACME, spans_key="skills", negation=False)
    nlp.to_disk(tmp_path / "pipeline")
    saved = sorted(p.name for p in (tmp_path / "pipeline" / "cvmatch_skills").iterdir())
    assert saved == ["cues.json", "patterns.jsonl"]  # no cfg file beside config.cfg
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("cvmatch_skills").spans_key == "skills"
    doc = loaded("no AcmeDesk")
    assert [s.text for s in doc.spans["skills"]] == ["AcmeDesk"]  # negation off


def test_saved_pipeline_loads_without_importing_cvmatch(tmp_path):
    nlp, _ruler = blank_with(ACME)
    nlp.to_disk(tmp_path / "pipeline")
    script = textwrap.dedent(
        f"""
        import spacy, sys
        nlp = spacy.load({str(tmp_path / "pipeline")!r})
        doc = nlp("AcmeDesk")
        print([s.label_ for s in doc.spans["cvmatch_skills"]])
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['crm_ticketing']"


def test_taxonomy_setting_names_a_users_file(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(
        textwrap.dedent(
            """
            [[concepts]]
            id = "acme_tools"
            name = "Acme tools"
            category = "technical"
            description = "The Acme help-desk suite."
            aliases = ["acmedesk"]

            [cues]
            negation = ["sans"]
            """
        ),
        encoding="utf-8",
    )
    nlp, ruler = blank_with(taxonomy=str(user))
    nlp.initialize()
    assert "acme_tools" in ruler and "crm_ticketing" in ruler  # merged over the shipped one
    doc = nlp("Used AcmeDesk daily, sans Zendesk")
    assert [s.label_ for s in doc.spans["cvmatch_skills"]] == ["acme_tools"]
    assert [s.text for s in doc.spans["cvmatch_skills_negated"]] == ["Zendesk"]


def test_a_users_cues_extend_the_posting_cues(tmp_path):
    text = "Customer Service Advisor. Zendesk experience would be lovely."
    shipped = cvmatch.extract_skills(cvmatch.read_text(text, kind="posting"))
    assert shipped.get("crm_ticketing").required is True
    user = tmp_path / "cues.toml"
    user.write_text('[cues]\npreferred = ["<would be lovely>"]\n', encoding="utf-8")
    taxonomy = cvmatch.load_taxonomy(user)
    assert "<would be lovely>" in taxonomy.cues.preferred
    assert "<a plus>" in taxonomy.cues.preferred  # extended, not replaced
    mine = cvmatch.extract_skills(cvmatch.read_text(text, kind="posting"), taxonomy=taxonomy)
    assert mine.get("crm_ticketing").required is False


@pytest.mark.parametrize(
    "entry",
    [
        {"pattern": "acmedesk"},  # no label
        {"label": "x", "pattern": ""},
        {"label": "x", "pattern": 3},
        {"label": "x", "pattern": "acmedesk", "colour": "red"},
    ],
)
def test_bad_patterns_are_refused(entry):
    _nlp, ruler = blank_with()
    with pytest.raises(InvalidInput):
        ruler.add_patterns([entry])
    assert len(ruler) == 0


def test_validate_checks_token_patterns_with_spacys_schema():
    bad = [{"label": "x", "pattern": [{"LOWER": "a", "OP": "several"}]}]
    _nlp, ruler = blank_with(validate=True)
    with pytest.raises(InvalidInput, match="token pattern"):
        ruler.add_patterns(bad)


def test_spans_and_extract_skills_agree():
    text = (
        "Customer Service Advisor\nYou will answer customer calls using Zendesk. "
        "Salesforce experience would be a plus. We offer a pension and free parking."
    )
    document = cvmatch.read_text(text, kind="posting")
    extractor = get_extractor()
    doc = extractor.annotate(document)
    profile = extractor.extract(document)
    counted = {}
    for span in doc.spans["cvmatch_skills"]:
        assert span._.cvmatch_evidence is not None
        if span._.cvmatch_evidence:
            counted.setdefault(span.id_, []).append(span._.cvmatch_required)
        else:
            assert span._.cvmatch_title_line or span._.cvmatch_boilerplate
    assert set(counted) == set(profile.ids)
    for skill in profile.skills:
        assert [e.required for e in skill.evidence] == counted[skill.id]
    assert counted["crm_ticketing"] == [True, False]  # Zendesk required, Salesforce a plus
    title = [s for s in doc.spans["cvmatch_skills"] if s._.cvmatch_title_line]
    assert title and title[0].start_char < text.index("\n")
