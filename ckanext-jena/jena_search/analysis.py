"""Map Solr analyzer chains of schema.xml onto Tantivy tokenizers and filters.

Tantivy offers fewer building blocks than Lucene; the mapping keeps the meaning of a chain
rather than copying it step by step:

* StandardTokenizer, ClassicTokenizer, and WhitespaceTokenizer followed by a
  WordDelimiter(Graph)Filter become Tantivy's ``simple`` tokenizer (split on everything that
  is not a letter or digit). A bare WhitespaceTokenizer stays ``whitespace``.
* GermanNormalizationFilter and ASCIIFoldingFilter become ``ascii_fold`` (ä→a, ß→ss).
* SnowballPorterFilter (German, German2), GermanLightStem and GermanMinimalStem become the
  Snowball ``german`` stemmer; other Snowball languages map to their Tantivy stemmer.
* DictionaryCompoundWordTokenFilter: Tantivy's ``split_compound`` replaces a word by its parts
  only when the word decomposes completely, and it keeps no original token. So the service
  splits *after* stemming, with a dictionary of stemmed entries (plus the German linking
  forms -s/-es/-n/-en), stems the parts again, and applies the same split at query time.
  "Stadtbäume" → stadt|baum, "Baumkataster" → baum|katast: a search for "Baum" finds both.
  Solr also keeps the whole word, and its query chain does not split, so a search for
  "Baumkataster" matches the word itself. Here fields of such a type get a twin field analysed
  without the split (``whole``); a query word the split breaks apart is looked up there as one
  term, instead of as an expensive phrase of its parts (~10x the cost on the catch-all field).
* Flatten, RemoveDuplicates and empty SynonymGraph filters change nothing a Tantivy index
  would see and are skipped. Anything else is refused at start with the factory's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from jena_search.schema import Analyzer, Component, FieldType, SchemaError, SolrSchema

_SNOWBALL = {
    "german": "german",
    "german2": "german",
    "english": "english",
    "porter": "english",
    "french": "french",
    "spanish": "spanish",
    "italian": "italian",
    "dutch": "dutch",
    "danish": "danish",
    "swedish": "swedish",
    "norwegian": "norwegian",
    "finnish": "finnish",
    "portuguese": "portuguese",
    "russian": "russian",
}
_GERMAN_STEMMERS = {"GermanLightStemFilterFactory", "GermanMinimalStemFilterFactory", "GermanStemFilterFactory"}
_FOLDING = {"GermanNormalizationFilterFactory", "ASCIIFoldingFilterFactory"}
_NO_OPS = {
    "FlattenGraphFilterFactory",
    "RemoveDuplicatesTokenFilterFactory",
    "TrimFilterFactory",
    "EnglishPossessiveFilterFactory",
}
_LINKING_SUFFIXES = ("", "s", "es", "n", "en")


@dataclass
class FieldAnalysis:
    """Tantivy analyzers for one Solr TextField type."""

    type_name: str
    tokenizer_name: str  # registered with the Tantivy index for indexing
    index: tantivy.TextAnalyzer
    query: tantivy.TextAnalyzer
    multiterm: tantivy.TextAnalyzer  # for prefix/wildcard terms: case and accent folding only
    whole: tuple[tantivy.TextAnalyzer, tantivy.TextAnalyzer] | None = None  # (index, query) without the split

    @property
    def whole_tokenizer_name(self) -> str:
        return self.tokenizer_name + "__whole"

    def tokens(self, text: str) -> list[tuple[int, str]]:
        """(position, term) pairs of query text, positions starting at 0."""
        pre = self.query.pre_tokenize(text)
        return [(tok.position, tok.text) for tok in pre.tokens]

    def whole_tokens(self, text: str) -> list[tuple[int, str]]:
        """Like ``tokens``, analysed for the twin field (compound words stay whole)."""
        assert self.whole is not None
        pre = self.whole[1].pre_tokenize(text)
        return [(tok.position, tok.text) for tok in pre.tokens]

    def normalize_multiterm(self, text: str) -> str:
        out = self.multiterm.analyze(text)
        return out[0] if len(out) == 1 else text.lower()


@dataclass
class _Plan:
    tokenizer: str
    ngram: tuple[int, int] | None
    steps: list[tuple[str, object]]


def _tokenizer_plan(analyzer: Analyzer, type_name: str) -> _Plan:
    tok = analyzer.tokenizer.factory
    factories = {f.factory for f in analyzer.filters}
    splits_words = bool(factories & {"WordDelimiterGraphFilterFactory", "WordDelimiterFilterFactory"})
    if tok in (
        "StandardTokenizerFactory",
        "ClassicTokenizerFactory",
        "UAX29URLEmailTokenizerFactory",
        "standard",
        "classic",
    ):
        return _Plan("simple", None, [])
    if tok in ("WhitespaceTokenizerFactory", "whitespace"):
        return _Plan("simple" if splits_words else "whitespace", None, [])
    if tok in ("LetterTokenizerFactory", "LowerCaseTokenizerFactory"):
        return _Plan("letters", None, [])
    if tok in ("KeywordTokenizerFactory", "keyword"):
        return _Plan("raw", None, [])
    if tok in ("NGramTokenizerFactory", "nGram"):
        lo = int(analyzer.tokenizer.get("minGramSize", "1") or 1)
        hi = int(analyzer.tokenizer.get("maxGramSize", "2") or 2)
        return _Plan("ngram", (lo, hi), [])
    raise SchemaError(f"fieldType {type_name}: tokenizer {tok} has no Tantivy mapping")


def _filter_steps(analyzer: Analyzer, schema: SolrSchema, type_name: str) -> list[tuple[str, object]]:
    steps: list[tuple[str, object]] = []
    compound: Component | None = None
    for comp in analyzer.filters:
        name = comp.factory
        if name in ("LowerCaseFilterFactory", "lowercase"):
            steps.append(("lowercase", None))
        elif name in _FOLDING:
            if ("fold", None) not in steps:
                steps.append(("fold", None))
        elif name == "SnowballPorterFilterFactory":
            lang = (comp.get("language", "English") or "English").lower()
            if lang not in _SNOWBALL:
                raise SchemaError(f"fieldType {type_name}: Snowball language {lang} unsupported")
            steps.append(("stem", _SNOWBALL[lang]))
        elif name in _GERMAN_STEMMERS:
            steps.append(("stem", "german"))
        elif name in ("PorterStemFilterFactory", "KStemFilterFactory", "EnglishMinimalStemFilterFactory"):
            steps.append(("stem", "english"))
        elif name == "DictionaryCompoundWordTokenFilterFactory":
            compound = comp
        elif name == "StopFilterFactory":
            words_file = comp.get("words")
            words = schema.read_resource(words_file) if words_file else []
            words = [w.split("|")[0].strip().lower() for w in words if w.split("|")[0].strip()]
            steps.append(("stop", words))
        elif name == "LengthFilterFactory":
            steps.append(("remove_long", int(comp.get("max", "255") or 255) + 1))
        elif name in ("WordDelimiterGraphFilterFactory", "WordDelimiterFilterFactory"):
            continue  # folded into the tokenizer choice
        elif name in ("SynonymGraphFilterFactory", "SynonymFilterFactory"):
            syn = comp.get("synonyms")
            if syn and schema.read_resource(syn):
                raise SchemaError(f"fieldType {type_name}: synonyms are not supported by the embedded service")
        elif name in _NO_OPS:
            continue
        else:
            raise SchemaError(f"fieldType {type_name}: filter {name} has no Tantivy mapping")
    if compound is not None:
        steps.append(("compound", compound))
    return steps


def _tokenizer(plan: _Plan) -> tantivy.Tokenizer:
    if plan.tokenizer == "simple":
        return tantivy.Tokenizer.simple()
    if plan.tokenizer == "whitespace":
        return tantivy.Tokenizer.whitespace()
    if plan.tokenizer == "letters":
        return tantivy.Tokenizer.regex(r"\p{L}+")
    if plan.tokenizer == "raw":
        return tantivy.Tokenizer.raw()
    assert plan.ngram is not None
    return tantivy.Tokenizer.ngram(plan.ngram[0], plan.ngram[1], False)


def _compound_words(comp: Component, schema: SolrSchema, prefix: list[tuple[str, object]], plan: _Plan) -> list[str]:
    """Dictionary entries as they look after the rest of the chain (stemmed and folded)."""
    dict_file = comp.get("dictionary")
    if not dict_file:
        raise SchemaError("DictionaryCompoundWordTokenFilterFactory needs a dictionary")
    words = schema.read_resource(dict_file)
    stemmed = _build(plan, prefix)
    folded = _build(plan, [s for s in prefix if s[0] in ("lowercase", "fold")])
    entries: set[str] = set()
    for word in words:
        for suffix in _LINKING_SUFFIXES:
            entries.update(stemmed.analyze(word + suffix))
            entries.update(folded.analyze(word + suffix))
    return sorted(e for e in entries if len(e) >= 3)


def _build(plan: _Plan, steps: list[tuple[str, object]]) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(_tokenizer(plan))
    for kind, arg in steps:
        if kind == "lowercase":
            builder = builder.filter(tantivy.Filter.lowercase())
        elif kind == "fold":
            builder = builder.filter(tantivy.Filter.ascii_fold())
        elif kind == "stem":
            builder = builder.filter(tantivy.Filter.stemmer(str(arg)))
        elif kind == "stop":
            builder = builder.filter(tantivy.Filter.custom_stopword(list(arg)))  # type: ignore[call-overload]
        elif kind == "remove_long":
            builder = builder.filter(tantivy.Filter.remove_long(int(arg)))  # type: ignore[call-overload]
        elif kind == "split":
            builder = builder.filter(tantivy.Filter.split_compound(list(arg)))  # type: ignore[call-overload]
    return builder.build()


def _resolve_compound(steps: list[tuple[str, object]], schema: SolrSchema, plan: _Plan) -> list[tuple[str, object]]:
    """Replace the ("compound", component) marker by split (+ stem again)."""
    out = [s for s in steps if s[0] != "compound"]
    marker = [s for s in steps if s[0] == "compound"]
    if not marker:
        return out
    comp = marker[0][1]
    assert isinstance(comp, Component)
    words = _compound_words(comp, schema, out, plan)
    stems = [s for s in out if s[0] == "stem"]
    return [*out, ("split", words), *stems]


def _chain(analyzer: Analyzer, schema: SolrSchema, type_name: str) -> tuple[_Plan, list[tuple[str, object]]]:
    plan = _tokenizer_plan(analyzer, type_name)
    steps = _filter_steps(analyzer, schema, type_name)
    return plan, steps


def build_field_analysis(ftype: FieldType, schema: SolrSchema) -> FieldAnalysis:
    assert ftype.index_analyzer is not None and ftype.query_analyzer is not None
    iplan, isteps = _chain(ftype.index_analyzer, schema, ftype.name)
    qplan, qsteps = _chain(ftype.query_analyzer, schema, ftype.name)
    whole = None
    if any(s[0] == "compound" for s in isteps):
        unsplit = [s for s in isteps if s[0] != "compound"]
        whole = (_build(iplan, unsplit), _build(qplan, [s for s in qsteps if s[0] != "compound"]))
    if any(s[0] == "compound" for s in isteps) and not any(s[0] == "compound" for s in qsteps):
        # Tantivy's split drops the whole word, so queries must be split the same way.
        qsteps = qsteps + [s for s in isteps if s[0] == "compound"]
    isteps = _resolve_compound(isteps, schema, iplan)
    qsteps = _resolve_compound(qsteps, schema, qplan)
    multi = [s for s in qsteps if s[0] in ("lowercase", "fold")]
    return FieldAnalysis(
        type_name=ftype.name,
        tokenizer_name=f"solr_{ftype.name}",
        index=_build(iplan, isteps),
        query=_build(qplan, qsteps),
        multiterm=_build(_Plan("raw", None, []), multi),
        whole=whole,
    )


def build_all(schema: SolrSchema) -> dict[str, FieldAnalysis]:
    """Analysis for every TextField type that some field uses."""
    used = {f.type.name for f in schema.fields.values()} | {f.type.name for f in schema.dynamic_fields}
    return {
        name: build_field_analysis(ftype, schema)
        for name, ftype in schema.types.items()
        if ftype.kind == "text" and name in used
    }
