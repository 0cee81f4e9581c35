#include "resultmodel.h"

#include "jsonformat.h"

#include <QColor>
#include <QJsonDocument>

namespace Cosmoscope {

static const QString ValueKey = QStringLiteral("(value)");

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
    m_rows.clear();
    m_raw.clear();
    ++m_generation;
    endResetModel();
}

quint64 ResultModel::reset()
{
    setLeadingColumns(m_leading);
    return m_generation;
}

void ResultModel::noteKeys(const QJsonObject &object, QStringList *newKeys, QStringList *newSystem)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
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
    QList<QJsonObject> objects;
    objects.reserve(end - from);
    QStringList newKeys;
    QStringList newSystem;
    for (int i = from; i < end; ++i) {
        const QJsonValue v = items.at(i);
        QJsonObject o = v.isObject() ? v.toObject() : QJsonObject{{ValueKey, v}};
        noteKeys(o, &newKeys, &newSystem);
        objects.append(o);
    }
    addColumns(newKeys, newSystem);
    const int firstRow = int(m_rows.size());
    beginInsertRows({}, firstRow, firstRow + int(objects.size()) - 1);
    m_rows += objects;
    const bool withRaw = raw.size() == items.size();
    for (int i = from; i < end; ++i)
        m_raw.append(withRaw ? raw.at(i) : QByteArray());
    endInsertRows();
    return true;
}

void ResultModel::replaceItem(int row, const QJsonObject &item, const QByteArray &raw)
{
    if (row < 0 || row >= m_rows.size())
        return;
    QStringList newKeys;
    QStringList newSystem;
    noteKeys(item, &newKeys, &newSystem);
    addColumns(newKeys, newSystem);
    m_rows[row] = item;
    m_raw[row] = raw;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void ResultModel::removeItem(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_raw.removeAt(row);
    endRemoveRows();
}

QByteArray ResultModel::rawItem(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const QByteArray raw = m_raw.at(row);
    return raw.isEmpty() ? QJsonDocument(m_rows.at(row)).toJson(QJsonDocument::Compact) : raw;
}

QList<QByteArray> ResultModel::rawItems() const
{
    QList<QByteArray> all = m_raw;
    for (int i = 0; i < all.size(); ++i) {
        if (all.at(i).isEmpty())
            all[i] = QJsonDocument(m_rows.at(i)).toJson(QJsonDocument::Compact);
    }
    return all;
}

QStringList ResultModel::columnKeys() const
{
    return m_leading + m_keys + m_system;
}

int ResultModel::rowOfId(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).value(QStringLiteral("id")).toString() == id)
            return i;
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
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_leading.size() + m_keys.size() + m_system.size());
}

QVariant ResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QJsonObject &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const QJsonValue v = JsonFormat::valueAt(row, keyOf(index.column()));
        return JsonFormat::cellText(v, role == Qt::ToolTipRole ? 2000 : 300);
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
            return QColor(0x5c, 0x5c, 0x70);
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
    case ColumnKeyRole:
        return keyOf(index.column());
    case RawJsonRole:
        return rawItem(index.row());
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
