#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>

namespace Cosmos::Schema {

/// The JSON types a field's values are counted by.
enum class JsonType { String, Number, Boolean, Null, Object, Array };
constexpr int JsonTypeCount = 6;
QString typeName(JsonType type); ///< "string", "number", …

/// One bar of a histogram or timeline: [low, high), the last bin [low, high].
struct Bin
{
    double low = 0;
    double high = 0;
    qint64 count = 0;
};

/// Bins of "nice" width (1, 2 or 5 × 10^k; whole numbers for whole-number data) covering
/// every value, at most `maxBins` of them. Empty for no values.
QList<Bin> histogram(const QList<double> &values, int maxBins = 20);
/// Bins of a calendar-like width (second … year) over times in milliseconds since the epoch.
QList<Bin> timeline(const QList<double> &msSinceEpoch, int maxBins = 24);

/// An ISO-8601 date or date-time ("2024-03-01", "2024-03-01T10:00:00Z", with fraction or
/// offset); the instant in `when` (UTC; a date alone is midnight UTC).
bool isIsoDate(const QString &text, QDateTime *when = nullptr);

/// A value and how many times it was seen.
struct ValueCount
{
    QString value; ///< the string, or "true"/"false"
    qint64 count = 0;
};

/// What was seen at one field path over the sampled documents.
struct FieldStats
{
    /// Segments from the document root; "[]" stands for "each element of an array".
    QStringList segments;
    QString path;           ///< display form: "stock.qty", "tags[]", "lines[].qty"
    int depth = 0;          ///< number of object/array levels above the field
    qint64 documents = 0;   ///< sampled documents where the path occurs at least once
    qint64 occurrences = 0; ///< values seen (more than documents inside arrays)
    std::array<qint64, JsonTypeCount> typeCounts{}; ///< per JsonType, over occurrences
    bool partitionKey = false;                      ///< a (hierarchical) partition key path
    int partitionKeyLevel = -1;                     ///< its position in a hierarchical key

    QHash<QString, qint64> stringCounts; ///< capped at MaxDistinctValues distinct strings
    bool stringCountsCapped = false;
    QList<double> numbers;
    QList<double> stringLengths;
    QList<double> dates; ///< ms since epoch, of ISO-8601 strings (or _ts in seconds × 1000)
    qint64 trueCount = 0;
    qint64 falseCount = 0;

    static constexpr int MaxDistinctValues = 5000;

    qint64 count(JsonType t) const { return typeCounts[int(t)]; }
    /// Share of occurrences of a type, 0…1.
    double share(JsonType t) const { return occurrences ? double(count(t)) / occurrences : 0; }
    /// Most frequent strings (or booleans), ties by value.
    QList<ValueCount> topValues(int limit = 10) const;
    /// The types seen, most frequent first.
    QList<JsonType> typesSeen() const;
};

/// How evenly the sample spreads over partition key values.
struct PartitionSkew
{
    qint64 distinctValues = 0;
    qint64 largest = 0;      ///< documents of the most frequent value
    double largestShare = 0; ///< its share of the sampled documents with the key
    double maxOverMean = 0;  ///< largest / mean documents per value (1 = perfectly even)
};

/// Field statistics over a sample of documents given as raw JSON text.
class SchemaStats
{
public:
    /// Marks the container's partition key paths ("/category", or several for a hierarchical
    /// key); their combined values are counted for the skew.
    void setPartitionKeyPaths(const QStringList &paths);
    /// Adds one document; false (nothing counted) when it is not a JSON object.
    bool addDocument(const QByteArray &json);
    void clear();

    qint64 documentCount() const { return m_documents; }
    /// Every path seen, in first-seen order (parents before their children).
    const QList<FieldStats> &fields() const { return m_fields; }
    const FieldStats *field(const QString &path) const;
    /// Documents per partition key value (hierarchical: the values joined as a JSON array).
    const QHash<QString, qint64> &partitionValues() const { return m_partitionValues; }
    PartitionSkew partitionSkew() const;

private:
    FieldStats &fieldAt(const QStringList &segments);

    QList<FieldStats> m_fields;
    QHash<QString, int> m_index;
    QList<QStringList> m_pkPaths;
    QHash<QString, qint64> m_partitionValues;
    qint64 m_documents = 0;
    friend struct Walker;
};

/// A condition on one value: equality with a literal, or a range [low, high) (inclusive
/// `high` for a histogram's last bin); `function` wraps the value ("LENGTH" for string lengths).
struct Condition
{
    QString equals; ///< SQL/JSON literal: "\"Books\"", "true", "null", "12.5"
    QString low;    ///< literals of the range, when `equals` is empty
    QString high;
    bool highInclusive = false;
    QString function;

    QString sql(const QString &expression) const;
    static Condition equal(const QString &literal);
    /// A bin's range; `asDate` writes its bounds as ISO-8601 strings (ms since the epoch).
    static Condition
    range(const Bin &bin, bool last, bool asDate = false, const QString &function = {});
};

/// The Cosmos SQL condition selecting documents whose field at `segments` under `alias`
/// meets `condition`; a field inside arrays is matched with EXISTS over the array elements.
QString
whereCondition(const QStringList &segments, const QString &alias, const Condition &condition);
/// A JSON string literal for a text value.
QString jsonLiteral(const QString &text);
/// An ISO-8601 UTC text for ms since the epoch (range conditions on date strings).
QString isoText(double msSinceEpoch);

} // namespace Cosmos::Schema
