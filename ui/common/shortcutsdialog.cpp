#include "shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Cosmoscope {

ShortcutsDialog::ShortcutsDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Where"), tr("Keys"), tr("Does")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    struct Row
    {
        const char *where;
        QKeySequence keys;
        const char *does;
    };
    const Row rows[] = {
        {QT_TR_NOOP("Window"), QKeySequence::New, QT_TR_NOOP("New connection")},
        {QT_TR_NOOP("Window"),
         QKeySequence(Qt::CTRL | Qt::Key_T),
         QT_TR_NOOP("New query on the selected container")},
        {QT_TR_NOOP("Window"), QKeySequence(Qt::CTRL | Qt::Key_W), QT_TR_NOOP("Close the tab")},
        {QT_TR_NOOP("Window"), QKeySequence(Qt::CTRL | Qt::Key_Tab), QT_TR_NOOP("Next tab")},
        {QT_TR_NOOP("Window"),
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
         QT_TR_NOOP("Previous tab")},
        {QT_TR_NOOP("Window"),
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
         QT_TR_NOOP("Show or hide the request log")},
        {QT_TR_NOOP("Window"), QKeySequence(Qt::CTRL | Qt::Key_Q), QT_TR_NOOP("Quit")},
        {QT_TR_NOOP("Tree"), QKeySequence::Refresh, QT_TR_NOOP("Refresh the selected node")},
        {QT_TR_NOOP("Query"),
         QKeySequence(Qt::CTRL | Qt::Key_Return),
         QT_TR_NOOP("Run the selection, or the whole query (also Ctrl+keypad Enter)")},
        {QT_TR_NOOP("Query"), QKeySequence(Qt::Key_F5), QT_TR_NOOP("Run")},
        {QT_TR_NOOP("Query"), QKeySequence::Save, QT_TR_NOOP("Save the query under a name")},
        {QT_TR_NOOP("Item editor"), QKeySequence::Save, QT_TR_NOOP("Save the item")},
        {QT_TR_NOOP("Editors"), QKeySequence::Find, QT_TR_NOOP("Find in the text")},
        {QT_TR_NOOP("Editors"), QKeySequence(Qt::Key_F3), QT_TR_NOOP("Find next")},
        {QT_TR_NOOP("Grid"),
         QKeySequence(Qt::Key_Tab),
         QT_TR_NOOP("Leave the grid for the next control")},
        {QT_TR_NOOP("Script editor"), QKeySequence::Save, QT_TR_NOOP("Save the script")},
    };
    for (const Row &row : rows) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        m_table->setItem(r, 0, new QTableWidgetItem(tr(row.where)));
        m_table->setItem(r, 1, new QTableWidgetItem(row.keys.toString(QKeySequence::NativeText)));
        m_table->setItem(r, 2, new QTableWidgetItem(tr(row.does)));
    }
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace Cosmoscope
