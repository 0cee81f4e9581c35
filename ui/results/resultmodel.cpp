#include "resultmodel.h"

#include "jsonformat.h"
#include "theme.h"

#include <jsontext.h>

#include <QColor>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPalette>

namespace Cosmoscope {

static const QString ValueKey = QStringLiteral("(value)");

QString ResultModel::valueColumnKey()
{
    return ValueKey;
}

static QByteArray compactText(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

/// The top-level keys of a JSON object text in the order written (QJsonObject sorts them).
static QStringList topLevelKeys(const QByteArray &json)
{
    QStringList keys;
    int depth = 0;
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = json.at(i);
        if (c == '"') {
            const qsizetype start = i;
            bool escaped = false;
            for (++i; i < n; ++i) {
                if (json.at(i) == '\\') {
                    escaped = true;
                    ++i;
                } else if (json.at(i) == '"') {
                    break;
                }
            }
            if (depth != 1)
                continue;
            qsizetype j = i + 1;
            while (j < n && QChar::isSpace(uchar(json.at(j))))
                ++j;
            if (j >= n || json.at(j) != ':')
                continue;
            const QByteArray text = json.mid(start, i - start + 1);
            keys << (escaped ? QJsonDocument::fromJson('[' + text + ']').array().at(0).toString()
                             : QString::fromUtf8(text.mid(1, text.size() - 2)));
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return keys;
}

ResultModel::ResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ResultModel::setLeadingColumns(const QStringList &paths)
{
    beginResetModel();
    m_leading = paths;
    m_keys.clear();
    m_system.clear();
    m_known = QSet<QString>(paths.cbegin(), paths.cend());
    for (const QString &p : paths) {
        if (p.startsWith(QLatin1Char('/')) && p.count(QLatin1Char('/')) == 1)
            m_known.insert(p.mid(1)); // "/category" covers the top-level key "category"
    }
    m_raw.clear();
    m_decoded.clear();
    ++m_generation;
    endResetModel();
}

quint64 ResultModel::reset()
{
    setLeadingColumns(m_leading);
    return m_generation;
}

void ResultModel::noteKeys(const QJsonObject &object,
                           QStringList *newKeys,
                           QStringList *newSystem,
                           const QByteArray &raw)
{
    // The documents' own key order (first seen first), read from the text when there is one.
    const QStringList keys = raw.startsWith('{') ? topLevelKeys(raw) : object.keys();
    for (const QString &key : keys) {
        if (m_known.contains(key))
            continue;
        m_known.insert(key);
        if (JsonFormat::isSystemProperty(key))
            newSystem->append(key);
        else
            newKeys->append(key);
    }
}

void ResultModel::addColumns(QStringList newKeys, const QStringList &newSystem)
{
    // "id" goes first when it is not a leading column already.
    if (newKeys.removeOne(QStringLiteral("id"))) {
        const int at = int(m_leading.size());
        beginInsertColumns({}, at, at);
        m_keys.prepend(QStringLiteral("id"));
        endInsertColumns();
    }
    if (!newKeys.isEmpty()) {
        const int first = int(m_leading.size() + m_keys.size());
        beginInsertColumns({}, first, first + int(newKeys.size()) - 1);
        m_keys += newKeys;
        endInsertColumns();
    }
    if (!newSystem.isEmpty()) {
        const int first = columnCount();
        beginInsertColumns({}, first, first + int(newSystem.size()) - 1);
        m_system += newSystem;
        endInsertColumns();
    }
}

bool ResultModel::append(quint64 generation, const QJsonArray &items, int from, int count,
                         const QList<QByteArray> &raw)
{
    if (generation != m_generation)
        return false;
    const int end = count < 0 ? int(items.size()) : qMin(int(items.size()), from + count);
    if (from >= end)
        return true;
    QStringList newKeys;
    QStringList newSystem;
    const bool withRaw = raw.size() == items.size();
    QList<QByteArray> texts;
    texts.reserve(end - from);
    for (int i = from; i < end; ++i) {
        const QJsonValue v = items.at(i);
        if (v.isObject())
            noteKeys(v.toObject(), &newKeys, &newSystem, withRaw ? raw.at(i) : QByteArray());
        else
            noteKeys(QJsonObject{{ValueKey, v}}, &newKeys, &newSystem);
        texts.append(withRaw ? raw.at(i) : compactText(v));
    }
    addColumns(newKeys, newSystem);
    const int firstRow = int(m_raw.size());
    beginInsertRows({}, firstRow, firstRow + int(texts.size()) - 1);
    m_raw += texts;
    endInsertRows();
    return true;
}

void ResultModel::replaceItem(int row, const QJsonObject &item, const QByteArray &raw)
{
    if (row < 0 || row >= m_raw.size())
        return;
    QStringList newKeys;
    QStringList newSystem;
    noteKeys(item, &newKeys, &newSystem, raw);
    addColumns(newKeys, newSystem);
    m_raw[row] = raw.isEmpty() ? compactText(item) : raw;
    m_decoded.remove(row);
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void ResultModel::removeItem(int row)
{
    if (row < 0 || row >= m_raw.size())
        return;
    beginRemoveRows({}, row, row);
    m_raw.removeAt(row);
    m_decoded.clear(); // rows after it moved up
    endRemoveRows();
}

QByteArray ResultModel::rawItem(int row) const
{
    return m_raw.value(row);
}

QList<QByteArray> ResultModel::rawItems() const
{
    return m_raw;
}

QJsonObject ResultModel::item(int row) const
{
    if (row < 0 || row >= m_raw.size())
        return {};
    return decoded(row);
}

const QJsonObject &ResultModel::decoded(int row) const
{
    if (const QJsonObject *cached = m_decoded.object(row))
        return *cached;
    const QByteArray &text = m_raw.at(row);
    auto object = new QJsonObject;
    if (text.startsWith('{')) {
        *object = QJsonDocument::fromJson(text).object();
    } else {
        const QJsonArray wrapped = QJsonDocument::fromJson('[' + text + ']').array();
        *object = QJsonObject{{ValueKey, wrapped.at(0)}};
    }
    m_decoded.insert(row, object);
    return *object;
}

QStringList ResultModel::columnKeys() const
{
    return m_leading + m_keys + m_system;
}

int ResultModel::rowOfId(const QString &id) const
{
    const QByteArray plain = '"' + id.toUtf8() + '"'; // ids without escapes, the usual case
    for (int i = 0; i < m_raw.size(); ++i) {
        const QByteArray text = Cosmos::JsonText::member(m_raw.at(i), "id");
        if (text == plain
            || (text.contains('\\')
                && QJsonDocument::fromJson('[' + text + ']').array().at(0).toString() == id)) {
            return i;
        }
    }
    return -1;
}

QString ResultModel::keyOf(int column) const
{
    if (column < m_leading.size())
        return m_leading.at(column);
    column -= int(m_leading.size());
    if (column < m_keys.size())
        return m_keys.at(column);
    column -= int(m_keys.size());
    return m_system.value(column);
}

int ResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_raw.size());
}

int ResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_leading.size() + m_keys.size() + m_system.size());
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_raw.size())
        return {};
    if (role == RawJsonRole)
        return m_raw.at(index.row());
    if (role == ColumnKeyRole)
        return keyOf(index.column());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != SortRole
        && role != Qt::ForegroundRole && role != Qt::TextAlignmentRole && role != JsonRole
        && role != IdRole && role != EtagRole) {
        return {};
    }
    const QJsonObject &row = decoded(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        // Nested values as a summary, "{4 fields}" / "[3 items]"; the JSON is in the tooltip.
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        if (v.isObject()) {
            const qsizetype n = v.toObject().size();
            return n == 1 ? tr("{1 field}") : tr("{%1 fields}").arg(n);
        }
        if (v.isArray()) {
            const qsizetype n = v.toArray().size();
            return n == 1 ? tr("[1 item]") : tr("[%1 items]").arg(n);
        }
        return JsonFormat::cellText(v, 300);
    }
    case Qt::ToolTipRole: {
        // The JSON, written only as far as shown (a 100,000-element array is not serialized).
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        return JsonFormat::cellText(v, 2000);
    }
    case SortRole: {
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        if (v.isDouble())
            return v.toDouble();
        return JsonFormat::cellText(v);
    }
    case Qt::ForegroundRole: {
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        if (v.isObject() || v.isArray() || v.isNull())
            return Theme::mutedText(QGuiApplication::palette()); // follows the theme
        return {};
    }
    case Qt::TextAlignmentRole: {
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        if (v.isDouble())
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    case JsonRole:
        return row;
    case IdRole:
        return row.value(QStringLiteral("id")).toString();
    case EtagRole:
        return row.value(QStringLiteral("_etag")).toString();
    default:
        return {};
    }
}

QVariant ResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    const QString key = keyOf(section);
    if (role == Qt::DisplayRole)
        return key.startsWith(QLatin1Char('/'))
                   ? key.mid(1).replace(QLatin1Char('/'), QLatin1Char('.'))
                   : key;
    if (role == Qt::ToolTipRole && section < m_leading.size() && key.startsWith(QLatin1Char('/')))
        return tr("Partition key %1").arg(key);
    if (role == ColumnKeyRole)
        return key;
    return {};
}

} // namespace Cosmoscope
