#include "jsonlistmodel.h"

#include "manageutil.h"

namespace Manage {

JsonListModel::JsonListModel(const QList<Column> &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{}

int JsonListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_objects.size());
}

int JsonListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

static QString cellText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isUndefined())
        return {};
    return prettyJson(v).simplified();
}

QVariant JsonListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &o = m_objects.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const Column &c = m_columns.at(index.column());
        return c.text ? c.text(o) : cellText(o.value(c.key));
    }
    case ObjectRole:
        return o;
    case IdRole:
        return o.value(QStringLiteral("id")).toString();
    default:
        return {};
    }
}

QVariant JsonListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0
        && section < m_columns.size())
        return m_columns.at(section).title;
    return QAbstractTableModel::headerData(section, orientation, role);
}

void JsonListModel::append(const QJsonArray &objects)
{
    if (objects.isEmpty())
        return;
    const int first = int(m_objects.size());
    beginInsertRows({}, first, first + int(objects.size()) - 1);
    for (const QJsonValue &v : objects)
        m_objects.append(v.toObject());
    endInsertRows();
}

void JsonListModel::setObjects(const QJsonArray &objects)
{
    beginResetModel();
    m_objects.clear();
    for (const QJsonValue &v : objects)
        m_objects.append(v.toObject());
    endResetModel();
}

void JsonListModel::replaceObject(int row, const QJsonObject &object)
{
    if (row < 0 || row >= m_objects.size())
        return;
    m_objects[row] = object;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void JsonListModel::removeObject(int row)
{
    if (row < 0 || row >= m_objects.size())
        return;
    beginRemoveRows({}, row, row);
    m_objects.removeAt(row);
    endRemoveRows();
}

void JsonListModel::clear()
{
    if (m_objects.isEmpty())
        return;
    beginResetModel();
    m_objects.clear();
    endResetModel();
}

QJsonObject JsonListModel::object(int row) const
{
    return row >= 0 && row < m_objects.size() ? m_objects.at(row) : QJsonObject();
}

int JsonListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_objects.size(); ++i) {
        if (m_objects.at(i).value(QStringLiteral("id")).toString() == id)
            return i;
    }
    return -1;
}

void JsonListModel::upsertObject(const QJsonObject &object)
{
    const int row = rowOf(object.value(QStringLiteral("id")).toString());
    if (row >= 0)
        replaceObject(row, object);
    else
        append(QJsonArray{object});
}

} // namespace Manage
