#include "parameterspanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QRegularExpression>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Cosmoscope {

// A cell the error message points at: dark text on pink in either theme.
static void markInvalid(QTableWidgetItem *item)
{
    item->setBackground(QColor(0xfd, 0xe7, 0xe9));
    item->setForeground(QColor(0x23, 0x26, 0x29));
}

using Cosmos::CosmosError;

ParametersPanel::ParametersPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
{
    setObjectName(QStringLiteral("parametersPanel"));
    m_table->setObjectName(QStringLiteral("parametersTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value (JSON)")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    auto add = new QToolButton(this);
    add->setText(tr("+"));
    add->setToolTip(tr("Add a parameter"));
    auto remove = new QToolButton(this);
    remove->setText(tr("−"));
    remove->setToolTip(tr("Remove the selected parameter"));
    auto title = new QLabel(tr("Parameters"), this);
    auto top = new QHBoxLayout;
    top->addWidget(title, 1);
    top->addWidget(add);
    top->addWidget(remove);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table);
    connect(add, &QToolButton::clicked, this, [this] { setParameter(QStringLiteral("@"), {}); });
    connect(remove, &QToolButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
}

void ParametersPanel::setParameter(const QString &name, const QString &valueText)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0) && m_table->item(row, 0)->text() == name
            && name != QLatin1String("@")) {
            m_table->item(row, 1)->setText(valueText);
            return;
        }
    }
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(valueText));
}

void ParametersPanel::addMissing(const QStringList &names)
{
    for (const QString &name : names) {
        bool found = false;
        for (int row = 0; row < m_table->rowCount(); ++row)
            found = found || (m_table->item(row, 0) && m_table->item(row, 0)->text() == name);
        if (!found)
            setParameter(name, {});
    }
}

void ParametersPanel::clear()
{
    m_table->setRowCount(0);
}

int ParametersPanel::count() const
{
    return m_table->rowCount();
}

QList<QPair<QString, QJsonValue>> ParametersPanel::parameters(CosmosError *error) const
{
    static const QRegularExpression validName(QStringLiteral("^@[A-Za-z_][A-Za-z0-9_]*$"));
    QList<QPair<QString, QJsonValue>> result;
    *error = {};
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *nameItem = m_table->item(row, 0);
        QTableWidgetItem *valueItem = m_table->item(row, 1);
        const QString name = nameItem ? nameItem->text().trimmed() : QString();
        const QString value = valueItem ? valueItem->text().trimmed() : QString();
        for (QTableWidgetItem *item : {nameItem, valueItem}) {
            if (item) {
                item->setBackground(QBrush());
                item->setForeground(QBrush());
            }
        }
        if (!validName.match(name).hasMatch()) {
            *error = CosmosError::invalidInput(
                tr("Parameter %1: the name must look like @name.").arg(row + 1));
            if (nameItem)
                markInvalid(nameItem);
            m_table->setCurrentCell(row, 0);
            return {};
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(
            (QStringLiteral("[") + value + QStringLiteral("]")).toUtf8(), &parseError);
        if (value.isEmpty() || parseError.error != QJsonParseError::NoError
            || doc.array().size() != 1) {
            *error = CosmosError::invalidInput(
                tr("Parameter %1: the value must be JSON, e.g. \"text\" (with quotes), 42, true, "
                   "null or [1,2] (got %2).")
                    .arg(name, value.isEmpty() ? tr("nothing") : value));
            if (valueItem)
                markInvalid(valueItem);
            m_table->setCurrentCell(row, 1);
            return {};
        }
        result.append({name, doc.array().first()});
    }
    return result;
}

} // namespace Cosmoscope
