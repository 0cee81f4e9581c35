// Cosmos::JsonText: check, compact, pretty, arrayMember, arrayElements, member,
// withoutMembers, sameContent (how response bodies and documents are read and written as text).
//
// The input is one JSON text; when it holds a NUL byte (never JSON: refused as a whole), the
// texts before and after the first NUL are also checked, and compared by sameContent.
// Invariants, for each text x:
//  - compact(x) is non-empty exactly when check(x) finds no error, at the same offset as
//    compact's and pretty's errors;
//  - compact is idempotent, check accepts its output, pretty(x) compacts back to compact(x);
//  - objects: sameContent(x, compact(x)) both ways, withoutMembers(x, {}) == compact(x),
//    withoutMembers drops exactly the named top-level members, member(x, k) == member(compact(x), k);
//  - arrays: "[" + arrayElements joined by "," + "]" == compact(x); arrayMember's pieces joined
//    give member(x, key); both counts equal QJsonDocument's array sizes when Qt parses the text.
// and for a pair: sameContent is symmetric. Texts with duplicate keys are left out of the
// sameContent and Qt comparisons (which of two equal keys counts is not defined by JSON).

#include "fuzzsupport.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <rapidjson/document.h>

#include <vector>

using namespace Cosmos;

namespace {

// As sameContent parses (core/jsontext.cpp).
constexpr unsigned DomFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

/// What sameContent itself can read (its DOM parse refuses numbers beyond double range).
struct Dom
{
    rapidjson::Document doc;
    bool ok = false;
    bool duplicateKeys = false;
};

void parseDom(const QByteArray &text, Dom *dom)
{
    dom->doc.Parse<DomFlags>(text.constData(), size_t(text.size()));
    dom->ok = !dom->doc.HasParseError();
    if (!dom->ok)
        return;
    std::vector<const rapidjson::Value *> stack{&dom->doc};
    while (!stack.empty()) {
        const rapidjson::Value *v = stack.back();
        stack.pop_back();
        if (v->IsObject()) {
            QSet<QByteArray> names;
            for (auto m = v->MemberBegin(); m != v->MemberEnd(); ++m) {
                const QByteArray name(m->name.GetString(), qsizetype(m->name.GetStringLength()));
                if (names.contains(name))
                    dom->duplicateKeys = true;
                names.insert(name);
                stack.push_back(&m->value);
            }
        } else if (v->IsArray()) {
            for (auto e = v->Begin(); e != v->End(); ++e)
                stack.push_back(&*e);
        }
    }
}

QByteArray joined(const QList<QByteArray> &pieces)
{
    QByteArray out = "[";
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        if (i)
            out += ',';
        out += pieces.at(i);
    }
    return out + ']';
}

void checkCompactPiece(const QByteArray &piece)
{
    FUZZ_CHECK(!JsonText::check(piece).isError());
    FUZZ_CHECK(JsonText::compact(piece) == piece);
}

void checkOne(const QByteArray &x)
{
    JsonText::ParseError compactError;
    JsonText::ParseError prettyError;
    const JsonText::ParseError checked = JsonText::check(x);
    const QByteArray c = JsonText::compact(x, &compactError);
    const QByteArray p = JsonText::pretty(x, 2, &prettyError);
    FUZZ_CHECK(c.isEmpty() == checked.isError());
    FUZZ_CHECK(p.isEmpty() == checked.isError());
    FUZZ_CHECK(compactError.offset == checked.offset);
    FUZZ_CHECK(prettyError.offset == checked.offset);
    FUZZ_CHECK(compactError.message == checked.message);
    FUZZ_CHECK(checked.describe(x).isEmpty() == !checked.isError());
    if (checked.isError()) {
        FUZZ_CHECK(checked.offset <= x.size());
        FUZZ_CHECK(JsonText::member(x, "id").isEmpty());
        FUZZ_CHECK(JsonText::withoutMembers(x, JsonText::systemProperties()).isEmpty());
        QList<QByteArray> pieces;
        FUZZ_CHECK(!JsonText::arrayElements(x, &pieces));
        FUZZ_CHECK(!JsonText::arrayMember(x, "Documents", &pieces));
        return;
    }

    // compact and pretty agree
    checkCompactPiece(c);
    FUZZ_CHECK(JsonText::compact(p) == c);
    FUZZ_CHECK(JsonText::pretty(c) == p);
    FUZZ_CHECK(JsonText::compact(JsonText::pretty(x, 4)) == c);
    FUZZ_CHECK(JsonText::compact(JsonText::pretty(x, 0)) == c);

    Dom dom;
    parseDom(x, &dom);
    QJsonParseError qtError;
    const QJsonDocument qt = QJsonDocument::fromJson(x, &qtError);
    const bool qtOk = qtError.error == QJsonParseError::NoError;
    const bool comparable = dom.ok && !dom.duplicateKeys;

    if (c.startsWith('{')) {
        if (comparable) {
            FUZZ_CHECK(JsonText::sameContent(x, c));
            FUZZ_CHECK(JsonText::sameContent(c, x));
            FUZZ_CHECK(JsonText::sameContent(p, x));
        }
        FUZZ_CHECK(JsonText::withoutMembers(x, {}) == c);
        const QByteArray without = JsonText::withoutMembers(x, JsonText::systemProperties());
        checkCompactPiece(without);
        FUZZ_CHECK(without.startsWith('{'));
        for (const QByteArray &key : JsonText::systemProperties())
            FUZZ_CHECK(JsonText::member(without, key).isEmpty());
        if (comparable) {
            FUZZ_CHECK(JsonText::sameContent(without, x, JsonText::systemProperties()));
            FUZZ_CHECK(JsonText::sameContent(x, without, JsonText::systemProperties()));
        }
        if (dom.ok) {
            for (auto m = dom.doc.MemberBegin(); m != dom.doc.MemberEnd(); ++m) {
                const QByteArray key(m->name.GetString(), qsizetype(m->name.GetStringLength()));
                const QByteArray value = JsonText::member(x, key);
                FUZZ_CHECK(!value.isEmpty());
                checkCompactPiece(value);
                FUZZ_CHECK(JsonText::member(c, key) == value);
                FUZZ_CHECK(JsonText::member(p, key) == value);
                const QByteArray rest = JsonText::withoutMembers(x, {key});
                checkCompactPiece(rest);
                FUZZ_CHECK(JsonText::member(rest, key).isEmpty());
                if (m == dom.doc.MemberBegin() + 2)
                    break; // a few are enough
            }
        }
    } else {
        FUZZ_CHECK(JsonText::member(x, "id").isEmpty());
    }

    QList<QByteArray> elements;
    const bool isArray = JsonText::arrayElements(x, &elements);
    FUZZ_CHECK(isArray == c.startsWith('['));
    if (isArray) {
        for (const QByteArray &e : std::as_const(elements))
            checkCompactPiece(e);
        FUZZ_CHECK(joined(elements) == c);
        if (qtOk && qt.isArray())
            FUZZ_CHECK(elements.size() == qt.array().size());
    }

    QList<QByteArray> documents;
    if (JsonText::arrayMember(x, "Documents", &documents)) {
        FUZZ_CHECK(c.startsWith('{'));
        for (const QByteArray &e : std::as_const(documents))
            checkCompactPiece(e);
        if (comparable) {
            FUZZ_CHECK(joined(documents) == JsonText::member(x, "Documents"));
            if (qtOk && qt.isObject()) {
                const QJsonValue v = qt.object().value(QStringLiteral("Documents"));
                FUZZ_CHECK(v.isArray());
                FUZZ_CHECK(documents.size() == v.toArray().size());
            }
        }
    } else if (comparable && qtOk && qt.isObject()) {
        FUZZ_CHECK(!qt.object().value(QStringLiteral("Documents")).isArray());
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    checkOne(input);
    const qsizetype nul = input.indexOf('\0');
    if (nul < 0)
        return 0;
    FUZZ_CHECK(JsonText::check(input).isError()); // a NUL byte is never JSON
    const QByteArray a = input.left(nul);
    const QByteArray b = input.mid(nul + 1);
    checkOne(a);
    checkOne(b);
    Dom da;
    Dom db;
    parseDom(a, &da);
    parseDom(b, &db);
    if (da.ok && db.ok && !da.duplicateKeys && !db.duplicateKeys) {
        FUZZ_CHECK(JsonText::sameContent(a, b) == JsonText::sameContent(b, a));
        const QSet<QByteArray> ignore{"_rid", "_ts", "id"};
        FUZZ_CHECK(JsonText::sameContent(a, b, ignore) == JsonText::sameContent(b, a, ignore));
        if (JsonText::sameContent(a, b))
            FUZZ_CHECK(JsonText::sameContent(a, b, ignore));
    }
    return 0;
}
