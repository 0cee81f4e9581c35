#include "jsontext.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>

namespace Cosmos::JsonText {

using namespace rapidjson;

// Numbers arrive as their text (RawNumber) and leave as raw values, strings are validated
// UTF-8, and the whole input must be one value.
constexpr unsigned ReadFlags = kParseNumbersAsStringsFlag | kParseValidateEncodingFlag
                                | kParseIterativeFlag; // deep nesting must not overflow the stack
using CompactWriter = Writer<StringBuffer, UTF8<>, UTF8<>, CrtAllocator, kWriteNoFlags>;

static ParseError readerError(const Reader &reader)
{
    ParseError e;
    e.offset = qsizetype(reader.GetErrorOffset());
    e.message = QString::fromUtf8(GetParseError_En(reader.GetParseErrorCode()));
    return e;
}

QString ParseError::describe(const QByteArray &text) const
{
    if (!isError())
        return {};
    int line = 1;
    qsizetype lineStart = 0;
    const qsizetype end = qMin(offset, text.size());
    for (qsizetype i = 0; i < end; ++i) {
        if (text.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    const int column = int(QString::fromUtf8(text.mid(lineStart, end - lineStart)).size()) + 1;
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

namespace {

/// The reader turns a lone "\udc00" escape (which it accepts) into the three bytes of a UTF-16
/// surrogate, which are not UTF-8, and the writers copy them as they are: the output would not
/// be valid JSON text. Such a string is written with its surrogates escaped again.
bool hasSurrogate(const char *s, SizeType n)
{
    for (SizeType i = 0; i + 1 < n; ++i) {
        if (uchar(s[i]) == 0xED && uchar(s[i + 1]) >= 0xA0)
            return true;
    }
    return false;
}

template <typename W>
bool writeString(W &w, const char *s, SizeType n, bool key)
{
    if (!hasSurrogate(s, n))
        return key ? w.Key(s, n) : w.String(s, n);
    StringBuffer plain;
    CompactWriter(plain).String(s, n);
    const char *p = plain.GetString();
    const size_t size = plain.GetSize();
    QByteArray escaped;
    for (size_t i = 0; i < size; ++i) {
        if (uchar(p[i]) == 0xED && i + 2 < size && uchar(p[i + 1]) >= 0xA0) {
            const uint unit = 0xD000 | (uint(uchar(p[i + 1]) & 0x3F) << 6) | (uchar(p[i + 2]) & 0x3F);
            escaped += "\\u" + QByteArray::number(unit, 16);
            i += 2;
        } else {
            escaped += p[i];
        }
    }
    return w.RawValue(escaped.constData(), size_t(escaped.size()), kStringType);
}

/// Forwards every event to a writer, numbers as their original text.
template <typename W>
struct Forward
{
    W &w;
    bool Null() { return w.Null(); }
    bool Bool(bool b) { return w.Bool(b); }
    bool Int(int i) { return w.Int(i); }
    bool Uint(unsigned u) { return w.Uint(u); }
    bool Int64(int64_t i) { return w.Int64(i); }
    bool Uint64(uint64_t u) { return w.Uint64(u); }
    bool Double(double d) { return w.Double(d); }
    bool RawNumber(const char *s, SizeType n, bool) { return w.RawValue(s, n, kNumberType); }
    bool String(const char *s, SizeType n, bool) { return writeString(w, s, n, false); }
    bool StartObject() { return w.StartObject(); }
    bool Key(const char *s, SizeType n, bool) { return writeString(w, s, n, true); }
    bool EndObject(SizeType n) { return w.EndObject(n); }
    bool StartArray() { return w.StartArray(); }
    bool EndArray(SizeType n) { return w.EndArray(n); }
};

/// Cuts values out of a document by position: each element of an array (the root array, or a
/// root object's member array), one root member's value, or everything but some root members.
class Cutter
{
public:
    enum class Mode { ArrayMember, RootArray, Member, Without };
    Cutter(Mode mode, QByteArray key, QSet<QByteArray> without = {})
        : m_mode(mode), m_key(std::move(key)), m_without(std::move(without))
    {
        if (m_mode == Mode::Without)
            beginCapture();
    }

    QList<QByteArray> pieces;
    bool foundTarget = false; ///< the member / array was present with the expected type
    bool rootIsObject = false;
    bool rootIsArray = false;

    bool Null() { return scalar([](CompactWriter &w) { return w.Null(); }); }
    bool Bool(bool b) { return scalar([b](CompactWriter &w) { return w.Bool(b); }); }
    bool Int(int i) { return scalar([i](CompactWriter &w) { return w.Int(i); }); }
    bool Uint(unsigned u) { return scalar([u](CompactWriter &w) { return w.Uint(u); }); }
    bool Int64(int64_t i) { return scalar([i](CompactWriter &w) { return w.Int64(i); }); }
    bool Uint64(uint64_t u) { return scalar([u](CompactWriter &w) { return w.Uint64(u); }); }
    bool Double(double d) { return scalar([d](CompactWriter &w) { return w.Double(d); }); }
    bool RawNumber(const char *s, SizeType n, bool)
    {
        return scalar([s, n](CompactWriter &w) { return w.RawValue(s, n, kNumberType); });
    }
    bool String(const char *s, SizeType n, bool)
    {
        return scalar([s, n](CompactWriter &w) { return writeString(w, s, n, false); });
    }
    bool StartObject()
    {
        open(false);
        return !m_writer || m_skipDepth >= 0 || m_writer->StartObject();
    }
    bool Key(const char *s, SizeType n, bool)
    {
        if (m_depth == 1 && rootIsObject) {
            const QByteArray key = QByteArray::fromRawData(s, int(n));
            m_keyMatches = key == m_key;
            if (m_mode == Mode::Without && m_without.contains(key)) {
                m_skipDepth = m_depth; // skip this member's value
                return true;
            }
        }
        if (m_skipDepth >= 0 || !m_writer)
            return true;
        return writeString(*m_writer, s, n, true);
    }
    bool EndObject(SizeType n) { return close([n](CompactWriter &w) { return w.EndObject(n); }); }
    bool StartArray()
    {
        open(true);
        return !m_writer || m_skipDepth >= 0 || m_writer->StartArray();
    }
    bool EndArray(SizeType n) { return close([n](CompactWriter &w) { return w.EndArray(n); }); }

private:
    // Is the value starting now (at the current depth, before it opens) one to capture?
    bool startsPiece() const
    {
        switch (m_mode) {
        case Mode::ArrayMember: return m_depth == 2 && m_inTargetArray;
        case Mode::RootArray: return m_depth == 1 && rootIsArray;
        case Mode::Member: return m_depth == 1 && rootIsObject && m_keyMatches;
        case Mode::Without: return false;
        }
        return false;
    }
    void beginCapture()
    {
        m_buffer.Clear();
        m_writer.emplace(m_buffer);
    }
    void endCapture()
    {
        pieces.append(QByteArray(m_buffer.GetString(), int(m_buffer.GetSize())));
        m_writer.reset();
    }
    template <typename F>
    bool scalar(F write)
    {
        if (m_depth == 0 && m_mode != Mode::Without)
            return true; // a scalar root: nothing to cut
        if (m_skipDepth == m_depth) { // the skipped member's value was a scalar
            m_skipDepth = -1;
            return true;
        }
        if (m_skipDepth >= 0)
            return true;
        if (!m_writer && startsPiece()) {
            if (m_mode == Mode::Member)
                foundTarget = true;
            beginCapture();
            const bool ok = write(*m_writer);
            endCapture();
            return ok;
        }
        return !m_writer || write(*m_writer);
    }
    void open(bool array)
    {
        if (m_depth == 0) {
            rootIsArray = array;
            rootIsObject = !array;
            if (m_mode == Mode::RootArray && array)
                foundTarget = true;
        }
        if (m_mode == Mode::ArrayMember && m_depth == 1 && rootIsObject && m_keyMatches && array) {
            m_inTargetArray = true;
            foundTarget = true;
        } else if (m_skipDepth < 0 && !m_writer && startsPiece()) {
            if (m_mode == Mode::Member)
                foundTarget = true;
            beginCapture();
            m_captureDepth = m_depth;
        }
        ++m_depth;
    }
    template <typename F>
    bool close(F write)
    {
        --m_depth;
        if (m_skipDepth >= 0) {
            if (m_skipDepth == m_depth)
                m_skipDepth = -1; // the skipped value ends here
            return true;
        }
        if (m_mode == Mode::ArrayMember && m_depth == 1 && m_inTargetArray)
            m_inTargetArray = false;
        if (!m_writer)
            return true;
        const bool ok = write(*m_writer);
        if (m_mode == Mode::Without ? m_depth == 0 : m_depth == m_captureDepth)
            endCapture();
        return ok;
    }

    Mode m_mode;
    QByteArray m_key;
    QSet<QByteArray> m_without;
    int m_depth = 0;
    int m_captureDepth = -1;
    int m_skipDepth = -1;
    bool m_keyMatches = false;
    bool m_inTargetArray = false;
    StringBuffer m_buffer;
    std::optional<CompactWriter> m_writer;
};

template <typename Handler>
ParseError parse(const QByteArray &text, Handler &handler)
{
    Reader reader;
    MemoryStream ms(text.constData(), size_t(text.size()));
    if (!reader.Parse<ReadFlags>(ms, handler))
        return readerError(reader);
    // RapidJSON takes a NUL byte for the end of the input: what follows it was never read.
    if (ms.Tell() < size_t(text.size())) {
        ParseError e;
        e.offset = qsizetype(ms.Tell());
        e.message = QString::fromUtf8(GetParseError_En(kParseErrorDocumentRootNotSingular));
        return e;
    }
    return {};
}

struct Validator : BaseReaderHandler<UTF8<>, Validator>
{
    bool RawNumber(const char *, SizeType, bool) { return true; }
};

/// Collects the root object's member names in document order.
struct KeyLister : BaseReaderHandler<UTF8<>, KeyLister>
{
    QList<QByteArray> keys;
    int depth = 0;
    bool rootIsObject = false;
    bool RawNumber(const char *, SizeType, bool) { return true; }
    bool StartObject()
    {
        if (depth++ == 0)
            rootIsObject = true;
        return true;
    }
    bool EndObject(SizeType) { return --depth, true; }
    bool StartArray() { return ++depth, true; }
    bool EndArray(SizeType) { return --depth, true; }
    bool Key(const char *s, SizeType n, bool)
    {
        if (depth == 1)
            keys.append(QByteArray(s, int(n)));
        return true;
    }
};

} // namespace

ParseError check(const QByteArray &text)
{
    Validator v;
    return parse(text, v);
}

QByteArray compact(const QByteArray &text, ParseError *error)
{
    StringBuffer buffer;
    CompactWriter writer(buffer);
    Forward<CompactWriter> forward{writer};
    const ParseError e = parse(text, forward);
    if (error)
        *error = e;
    return e.isError() ? QByteArray() : QByteArray(buffer.GetString(), int(buffer.GetSize()));
}

QByteArray pretty(const QByteArray &text, int indent, ParseError *error)
{
    using Pretty = PrettyWriter<StringBuffer, UTF8<>, UTF8<>, CrtAllocator, kWriteNoFlags>;
    StringBuffer buffer;
    Pretty writer(buffer);
    writer.SetIndent(' ', unsigned(indent));
    Forward<Pretty> forward{writer};
    const ParseError e = parse(text, forward);
    if (error)
        *error = e;
    return e.isError() ? QByteArray() : QByteArray(buffer.GetString(), int(buffer.GetSize()));
}

bool arrayMember(const QByteArray &object, const QByteArray &key, QList<QByteArray> *elements,
                 ParseError *error)
{
    Cutter cutter(Cutter::Mode::ArrayMember, key);
    ParseError e = parse(object, cutter);
    if (!e.isError() && !cutter.foundTarget) {
        e.offset = 0;
        e.message = cutter.rootIsObject
                        ? QStringLiteral("the response has no \"%1\" array").arg(QString::fromUtf8(key))
                        : QStringLiteral("the response is not a JSON object");
    }
    if (error)
        *error = e;
    if (e.isError())
        return false;
    *elements = std::move(cutter.pieces);
    return true;
}

bool arrayElements(const QByteArray &array, QList<QByteArray> *elements, ParseError *error)
{
    Cutter cutter(Cutter::Mode::RootArray, {});
    ParseError e = parse(array, cutter);
    if (!e.isError() && !cutter.foundTarget) {
        e.offset = 0;
        e.message = QStringLiteral("not a JSON array");
    }
    if (error)
        *error = e;
    if (e.isError())
        return false;
    *elements = std::move(cutter.pieces);
    return true;
}

QByteArray member(const QByteArray &object, const QByteArray &key)
{
    Cutter cutter(Cutter::Mode::Member, key);
    if (parse(object, cutter).isError() || cutter.pieces.isEmpty())
        return {};
    return cutter.pieces.first();
}

QList<QByteArray> keys(const QByteArray &object)
{
    KeyLister lister;
    if (parse(object, lister).isError() || !lister.rootIsObject)
        return {};
    return lister.keys;
}

QByteArray withoutMembers(const QByteArray &object, const QSet<QByteArray> &keys)
{
    Cutter cutter(Cutter::Mode::Without, {}, keys);
    if (parse(object, cutter).isError() || cutter.pieces.isEmpty())
        return {};
    return cutter.pieces.first();
}

const QSet<QByteArray> &systemProperties()
{
    static const QSet<QByteArray> keys{"_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"};
    return keys;
}

// Like Value::operator== but numbers compare as the doubles a service may store them as.
static bool sameValue(const Value &a, const Value &b)
{
    if (a.IsNumber() && b.IsNumber())
        return a.GetDouble() == b.GetDouble() || (a.IsInt64() && b.IsInt64() && a.GetInt64() == b.GetInt64())
               || (a.IsUint64() && b.IsUint64() && a.GetUint64() == b.GetUint64());
    if (a.GetType() != b.GetType())
        return false;
    if (a.IsObject()) {
        if (a.MemberCount() != b.MemberCount())
            return false;
        for (auto m = a.MemberBegin(); m != a.MemberEnd(); ++m) {
            const auto other = b.FindMember(m->name);
            if (other == b.MemberEnd() || !sameValue(m->value, other->value))
                return false;
        }
        return true;
    }
    if (a.IsArray()) {
        if (a.Size() != b.Size())
            return false;
        for (SizeType i = 0; i < a.Size(); ++i) {
            if (!sameValue(a[i], b[i]))
                return false;
        }
        return true;
    }
    return a == b;
}

bool sameContent(const QByteArray &a, const QByteArray &b, const QSet<QByteArray> &ignore)
{
    // Not kParseFullPrecisionFlag: RapidJSON 1.1.0's full-precision path reads far outside a
    // table (a segfault) for numbers like 128.74836467836484838364836483643636483648e-336
    // (Tencent/rapidjson#1251). The normal path may be a few ULP off, so only numbers that
    // differ in their last bits can compare differently than with full precision.
    constexpr unsigned flags = kParseValidateEncodingFlag | kParseIterativeFlag;
    if (a.contains('\0') || b.contains('\0'))
        return false; // never JSON; RapidJSON would stop reading at it
    Document da;
    Document db;
    da.Parse<flags>(a.constData(), size_t(a.size()));
    db.Parse<flags>(b.constData(), size_t(b.size()));
    if (da.HasParseError() || db.HasParseError())
        return false;
    for (Document *d : {&da, &db}) {
        if (!d->IsObject())
            continue;
        for (const QByteArray &key : ignore)
            d->RemoveMember(key.constData());
    }
    return sameValue(da, db);
}

} // namespace Cosmos::JsonText
