#include "welcomepage.h"

#include "connectioncontroller.h"
#include "icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Cosmoscope {

WelcomePage::WelcomePage(ConnectionController *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("welcomePage"));
    m_list->setObjectName(QStringLiteral("savedConnections"));
    auto title = new QLabel(tr("<h2>Cosmoscope</h2><p>Explore Azure Cosmos DB (NoSQL) accounts: "
                               "databases, containers, items and queries.</p>"),
                            this);
    auto newButton = new QPushButton(tr("New connection…"), this);
    auto openButton = new QPushButton(tr("Open"), this);
    auto forgetButton = new QPushButton(tr("Forget"), this);
    auto buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addStretch(1);
    buttons->addWidget(openButton);
    buttons->addWidget(forgetButton);
    auto column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(new QLabel(tr("Saved connections (double-click to open):"), this));
    column->addWidget(m_list, 1);
    column->addLayout(buttons);
    auto layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 3);
    layout->addStretch(1);

    connect(newButton, &QPushButton::clicked, m_connections, &ConnectionController::newConnection);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &WelcomePage::openCurrent);
    connect(forgetButton, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            m_connections->forget(item->data(Qt::UserRole).toString());
    });
    connect(
        m_connections, &ConnectionController::savedConnectionsChanged, this, &WelcomePage::reload);
    reload();
}

void WelcomePage::reload()
{
    m_list->clear();
    for (const SavedConnection &c : m_connections->savedConnections()) {
        auto item
            = new QListWidgetItem(Icons::account(),
                                  QStringLiteral("%1 — %2 (%3)")
                                      .arg(c.name, c.endpoint, SavedConnection::kindName(c.kind)),
                                  m_list);
        item->setData(Qt::UserRole, c.id);
    }
}

void WelcomePage::openCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const QString id = item->data(Qt::UserRole).toString();
    for (const SavedConnection &c : m_connections->savedConnections()) {
        if (c.id == id)
            m_connections->openSaved(c);
    }
}

} // namespace Cosmoscope
