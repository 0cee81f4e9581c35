// SchemaStats: field paths, type shares and value distributions over sampled documents.
#include "schemastats.h"

#include <rapidjson/document.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace Cosmos::Schema {

QString typeName(JsonType type)
{
    switch (type) {
    case JsonType::String:
        return QStringLiteral("string");
    case JsonType::Number:
        return QStringLiteral("number");
    case JsonType::Boolean:
        return QStringLiteral("boolean");
    case JsonType::Null:
        return QStringLiteral("null");
    case JsonType::Object:
        return QStringLiteral("object");
    case JsonType::Array:
        return QStringLiteral("array");
    }
    return {};
}

// 1, 2 or 5 × 10^k, the smallest not below `raw`.
static double niceStep(double raw)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw * (1 - 1e-12))
            return m * magnitude;
    }
    return 10 * magnitude;
}

static QList<Bin> binsOfWidth(const QList<double> &values, double lo, double width, int count)
{
    QList<Bin> bins(count);
    for (int i = 0; i < count; ++i) {
        bins[i].low = lo + i * width;
        bins[i].high = lo + (i + 1) * width;
    }
    for (double v : values) {
        int i = int(std::floor((v - lo) / width));
        bins[qBound(0, i, count - 1)].count++;
    }
    return bins;
}

QList<Bin> histogram(const QList<double> &values, int maxBins)
{
    if (values.isEmpty() || maxBins < 1)
        return {};
    const auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    const double min = *minIt;
    const double max = *maxIt;
    const bool whole
        = std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); });
    if (min == max)
        return {Bin{min, whole ? min + 1 : max, qint64(values.size())}};
    // Sturges' rule for the count, then the nice width that keeps within maxBins.
    const int wanted = qBound(1, int(std::ceil(std::log2(double(values.size())))) + 1, maxBins);
    double width = niceStep((max - min) / wanted);
    if (whole)
        width = qMax(1.0, std::ceil(width));
    double lo = std::floor(min / width) * width;
    int count = int(std::floor((max - lo) / width)) + 1;
    while (count > maxBins) {
        width = niceStep(width * 1.5);
        lo = std::floor(min / width) * width;
        count = int(std::floor((max - lo) / width)) + 1;
    }
    return binsOfWidth(values, lo, width, count);
}

QList<Bin> timeline(const QList<double> &ms, int maxBins)
{
    if (ms.isEmpty() || maxBins < 1)
        return {};
    const auto [minIt, maxIt] = std::minmax_element(ms.begin(), ms.end());
    const double min = *minIt;
    const double max = *maxIt;
    constexpr double Second = 1000, Minute = 60 * Second, Hour = 60 * Minute, Day = 24 * Hour;
    static const double units[] = {Second,
                                   10 * Second,
                                   Minute,
                                   10 * Minute,
                                   Hour,
                                   6 * Hour,
                                   Day,
                                   7 * Day,
                                   30 * Day,
                                   91 * Day,
                                   365 * Day};
    double width = units[std::size(units) - 1];
    for (double u : units) {
        if ((max - min) / u < maxBins) {
            width = u;
            break;
        }
    }
    while ((max - min) / width >= maxBins)
        width *= 2;
    const double lo = std::floor(min / width) * width;
    const int count = int(std::floor((max - lo) / width)) + 1;
    return binsOfWidth(ms, lo, width, count);
}

bool isIsoDate(const QString &text, QDateTime *when)
{
    static const QRegularExpression iso(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?"
                       "(?:Z|[+-]\\d{2}:?\\d{2})?)?$"));
    if (text.size() < 10 || text.size() > 40 || !iso.match(text).hasMatch())
        return false;
    QString t = text;
    if (t.size() > 10 && t.at(10) == QLatin1Char(' '))
        t[10] = QLatin1Char('T');
    // Qt reads at most milliseconds: cut a longer fraction (Cosmos writes 7 digits).
    static const QRegularExpression longFraction(QStringLiteral("(\\.\\d{3})\\d+"));
    t.replace(longFraction, QStringLiteral("\\1"));
    QDateTime dt = t.size() == 10
                       ? QDateTime(QDate::fromString(t, Qt::ISODate), QTime(0, 0), Qt::UTC)
                       : QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return false;
    if (dt.timeSpec() == Qt::LocalTime) // no offset given: taken as UTC
        dt.setTimeSpec(Qt::UTC);
    if (when)
        *when = dt.toUTC();
    return true;
}

QList<ValueCount> FieldStats::topValues(int limit) const
{
    QList<ValueCount> out;
    for (auto it = stringCounts.cbegin(); it != stringCounts.cend(); ++it)
        out.append({it.key(), it.value()});
    if (trueCount)
        out.append({QStringLiteral("true"), trueCount});
    if (falseCount)
        out.append({QStringLiteral("false"), falseCount});
    std::sort(out.begin(), out.end(), [](const ValueCount &a, const ValueCount &b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

QList<JsonType> FieldStats::typesSeen() const
{
    QList<JsonType> out;
    for (int i = 0; i < JsonTypeCount; ++i) {
        if (typeCounts[i])
            out.append(JsonType(i));
    }
    std::stable_sort(
        out.begin(), out.end(), [this](JsonType a, JsonType b) { return count(a) > count(b); });
    return out;
}

static QString displayPath(const QStringList &segments)
{
    QString path;
    for (const QString &s : segments) {
        if (s == QLatin1String("[]"))
            path += s;
        else
            path += (path.isEmpty() ? QString() : QStringLiteral(".")) + s;
    }
    return path;
}

void SchemaStats::setPartitionKeyPaths(const QStringList &paths)
{
    m_pkPaths.clear();
    for (const QString &p : paths)
        m_pkPaths.append(p.split(QLatin1Char('/'), Qt::SkipEmptyParts));
    for (FieldStats &f : m_fields) {
        f.partitionKeyLevel = int(m_pkPaths.indexOf(f.segments));
        f.partitionKey = f.partitionKeyLevel >= 0;
    }
}

void SchemaStats::clear()
{
    m_fields.clear();
    m_index.clear();
    m_partitionValues.clear();
    m_documents = 0;
}

FieldStats &SchemaStats::fieldAt(const QStringList &segments)
{
    const QString key = segments.join(QChar(0x1f));
    const auto it = m_index.constFind(key);
    if (it != m_index.cend())
        return m_fields[it.value()];
    FieldStats f;
    f.segments = segments;
    f.path = displayPath(segments);
    f.depth = int(segments.size()) - 1;
    f.partitionKeyLevel = int(m_pkPaths.indexOf(segments));
    f.partitionKey = f.partitionKeyLevel >= 0;
    m_index.insert(key, int(m_fields.size()));
    m_fields.append(f);
    return m_fields.last();
}

const FieldStats *SchemaStats::field(const QString &path) const
{
    for (const FieldStats &f : m_fields) {
        if (f.path == path)
            return &f;
    }
    return nullptr;
}

// Walks one document; `seen` holds the field indexes already counted for this document.
struct Walker
{
    SchemaStats *stats;
    QSet<int> seen;

    void value(const rapidjson::Value &v, QStringList &segments)
    {
        FieldStats *f = &stats->fieldAt(segments);
        const int index = int(f - stats->m_fields.data());
        if (!seen.contains(index)) {
            seen.insert(index);
            f->documents++;
        }
        f->occurrences++;
        const bool isTs = segments.size() == 1 && segments.first() == QLatin1String("_ts");
        if (v.IsString()) {
            f->typeCounts[int(JsonType::String)]++;
            const QString s = QString::fromUtf8(v.GetString(), v.GetStringLength());
            f->stringLengths.append(s.size());
            if (f->stringCounts.contains(s)
                || f->stringCounts.size() < FieldStats::MaxDistinctValues)
                f->stringCounts[s]++;
            else
                f->stringCountsCapped = true;
            QDateTime when;
            if (isIsoDate(s, &when))
                f->dates.append(double(when.toMSecsSinceEpoch()));
        } else if (v.IsNumber()) {
            f->typeCounts[int(JsonType::Number)]++;
            f->numbers.append(v.GetDouble());
            if (isTs)
                f->dates.append(v.GetDouble() * 1000);
        } else if (v.IsBool()) {
            f->typeCounts[int(JsonType::Boolean)]++;
            (v.GetBool() ? f->trueCount : f->falseCount)++;
        } else if (v.IsNull()) {
            f->typeCounts[int(JsonType::Null)]++;
        } else if (v.IsObject()) {
            f->typeCounts[int(JsonType::Object)]++;
            members(v, segments);
        } else if (v.IsArray()) {
            f->typeCounts[int(JsonType::Array)]++;
            segments.append(QStringLiteral("[]"));
            for (const auto &e : v.GetArray())
                value(e, segments);
            segments.removeLast();
        }
    }

    void members(const rapidjson::Value &object, QStringList &segments)
    {
        for (const auto &m : object.GetObject()) {
            segments.append(QString::fromUtf8(m.name.GetString(), m.name.GetStringLength()));
            value(m.value, segments);
            segments.removeLast();
        }
    }
};

static QString partitionValueText(const rapidjson::Value *v)
{
    if (!v)
        return QStringLiteral("(none)");
    if (v->IsString())
        return QString::fromUtf8(v->GetString(), v->GetStringLength());
    if (v->IsNumber())
        return QString::number(v->GetDouble(), 'g', 17);
    if (v->IsBool())
        return v->GetBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v->IsNull())
        return QStringLiteral("null");
    return QStringLiteral("(object)");
}

bool SchemaStats::addDocument(const QByteArray &json)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(json.constData(), size_t(json.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return false;
    ++m_documents;
    Walker walker{this, {}};
    QStringList segments;
    walker.members(doc, segments);
    if (!m_pkPaths.isEmpty()) {
        QStringList parts;
        for (const QStringList &path : m_pkPaths) {
            const rapidjson::Value *v = &doc;
            for (const QString &s : path) {
                const QByteArray name = s.toUtf8();
                if (!v->IsObject() || !v->HasMember(name.constData())) {
                    v = nullptr;
                    break;
                }
                v = &(*v)[name.constData()];
            }
            parts << partitionValueText(v);
        }
        m_partitionValues[parts.size() == 1 ? parts.first()
                                            : QStringLiteral("[") + parts.join(QStringLiteral(", "))
                                                  + QStringLiteral("]")]++;
    }
    return true;
}

PartitionSkew SchemaStats::partitionSkew() const
{
    PartitionSkew s;
    qint64 total = 0;
    for (qint64 n : m_partitionValues) {
        total += n;
        s.largest = qMax(s.largest, n);
    }
    s.distinctValues = m_partitionValues.size();
    if (total == 0)
        return s;
    s.largestShare = double(s.largest) / total;
    s.maxOverMean = s.largest / (double(total) / s.distinctValues);
    return s;
}

QString jsonLiteral(const QString &text)
{
    const QByteArray doc = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(doc.mid(1, doc.size() - 2));
}

QString isoText(double ms)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC).toString(Qt::ISODateWithMs);
}

static bool isIdentifier(const QString &s)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return id.match(s).hasMatch();
}

static QString member(const QString &base, const QString &name)
{
    return isIdentifier(name) ? base + QLatin1Char('.') + name
                              : base + QLatin1Char('[') + jsonLiteral(name) + QLatin1Char(']');
}

QString Condition::sql(const QString &expr) const
{
    const QString e
        = function.isEmpty() ? expr : function + QLatin1Char('(') + expr + QLatin1Char(')');
    if (!equals.isEmpty())
        return e + QStringLiteral(" = ") + equals;
    return e + QStringLiteral(" >= ") + low + QStringLiteral(" AND ") + e
           + (highInclusive ? QStringLiteral(" <= ") : QStringLiteral(" < ")) + high;
}

Condition Condition::equal(const QString &literal)
{
    Condition c;
    c.equals = literal;
    return c;
}

Condition Condition::range(const Bin &bin, bool last, bool asDate, const QString &function)
{
    Condition c;
    c.low = asDate ? jsonLiteral(isoText(bin.low)) : QString::number(bin.low, 'g', 17);
    c.high = asDate ? jsonLiteral(isoText(bin.high)) : QString::number(bin.high, 'g', 17);
    c.highInclusive = last;
    c.function = function;
    return c;
}

QString
whereCondition(const QStringList &segments, const QString &alias, const Condition &condition)
{
    if (segments.isEmpty())
        return {};
    QString expr = alias;
    for (int i = 0; i < segments.size(); ++i) {
        if (segments.at(i) == QLatin1String("[]")) {
            // The rest of the path is matched on each element of the array.
            const QString var = alias + QLatin1Char('_');
            const QStringList rest = segments.mid(i + 1);
            const QString inner
                = rest.isEmpty() ? condition.sql(var) : whereCondition(rest, var, condition);
            return QStringLiteral("EXISTS(SELECT VALUE %1 FROM %1 IN %2 WHERE %3)")
                .arg(var, expr, inner);
        }
        expr = member(expr, segments.at(i));
    }
    return condition.sql(expr);
}

} // namespace Cosmos::Schema
