#include "sessionrestore.h"

#include "accountsession.h"
#include "connectioncontroller.h"
#include "itemstab.h"
#include "mainwindow.h"
#include "parameterspanel.h"
#include "queryeditor.h"
#include "querytab.h"

#include <QLineEdit>
#include <QPointer>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>

#include <memory>

namespace Cosmoscope::SessionRestore {

using namespace Cosmos;

static QString savedId(const AccountSession *session)
{
    return session ? session->property(ConnectionController::SavedIdProperty).toString()
                   : QString();
}

static QVariantList splitterStates(const QWidget *tab)
{
    QVariantList states;
    for (const QSplitter *s : tab->findChildren<QSplitter *>())
        states << s->saveState();
    return states;
}

static void restoreSplitters(QWidget *tab, const QVariantList &states)
{
    const QList<QSplitter *> splitters = tab->findChildren<QSplitter *>();
    for (qsizetype i = 0; i < splitters.size() && i < states.size(); ++i)
        splitters.at(i)->restoreState(states.at(i).toByteArray());
}

QVariantMap capture(const MainWindow *window)
{
    QVariantList accounts;
    for (const AccountSession *s : window->connections()->sessions()) {
        const QString id = savedId(s);
        if (!id.isEmpty() && !accounts.contains(id))
            accounts << id;
    }
    QVariantList tabs;
    const QTabWidget *tabWidget = window->tabs();
    for (int i = 0; i < tabWidget->count(); ++i) {
        QWidget *w = tabWidget->widget(i);
        QVariantMap tab;
        ResourcePath container;
        if (auto items = qobject_cast<ItemsTab *>(w)) {
            tab[QStringLiteral("account")] = savedId(items->session());
            tab[QStringLiteral("kind")] = QStringLiteral("items");
            tab[QStringLiteral("where")] = items->filterWhere();
            tab[QStringLiteral("orderBy")] = items->filterOrderBy();
            container = items->container();
        } else if (auto query = qobject_cast<QueryTab *>(w)) {
            tab[QStringLiteral("account")] = savedId(query->session());
            tab[QStringLiteral("kind")] = QStringLiteral("query");
            tab[QStringLiteral("text")] = query->editor()->text();
            tab[QStringLiteral("partitionKey")] = query->partitionKeyEdit()->text();
            QVariantList parameters;
            const QTableWidget *table = query->parameters()->table();
            for (int row = 0; row < table->rowCount(); ++row) {
                const QTableWidgetItem *name = table->item(row, 0);
                const QTableWidgetItem *value = table->item(row, 1);
                parameters << QVariant(QStringList{name ? name->text() : QString(),
                                                   value ? value->text() : QString()});
            }
            tab[QStringLiteral("parameters")] = parameters;
            container = query->container();
        } else {
            continue;
        }
        if (tab.value(QStringLiteral("account")).toString().isEmpty())
            continue; // an account opened without saving it cannot be opened again
        tab[QStringLiteral("database")] = container.databaseId();
        tab[QStringLiteral("container")] = container.containerId();
        tab[QStringLiteral("splitters")] = splitterStates(w);
        tab[QStringLiteral("current")] = i == tabWidget->currentIndex();
        tabs << tab;
    }
    return {{QStringLiteral("accounts"), accounts}, {QStringLiteral("tabs"), tabs}};
}

static void restoreTabs(MainWindow *window, AccountSession *session, const QVariantList &tabs)
{
    const QString id = savedId(session);
    QWidget *current = nullptr;
    for (const QVariant &v : tabs) {
        const QVariantMap tab = v.toMap();
        if (tab.value(QStringLiteral("account")).toString() != id)
            continue;
        const ResourcePath container
            = ResourcePath::container(tab.value(QStringLiteral("database")).toString(),
                                      tab.value(QStringLiteral("container")).toString());
        QWidget *widget = nullptr;
        if (tab.value(QStringLiteral("kind")) == QLatin1String("items")) {
            ItemsTab *items = window->openItemsTab(session, container);
            if (items)
                items->setFilter(tab.value(QStringLiteral("where")).toString(),
                                 tab.value(QStringLiteral("orderBy")).toString());
            widget = items;
        } else {
            QueryTab *query = window->openQueryTab(session, container);
            if (!query)
                continue;
            query->editor()->setText(tab.value(QStringLiteral("text")).toString());
            query->partitionKeyEdit()->setText(
                tab.value(QStringLiteral("partitionKey")).toString());
            query->parameters()->clear();
            for (const QVariant &p : tab.value(QStringLiteral("parameters")).toList()) {
                const QStringList pair = p.toStringList();
                if (pair.size() == 2)
                    query->parameters()->setParameter(pair.at(0), pair.at(1));
            }
            widget = query;
        }
        if (!widget)
            continue;
        restoreSplitters(widget, tab.value(QStringLiteral("splitters")).toList());
        if (tab.value(QStringLiteral("current")).toBool())
            current = widget;
    }
    if (current)
        window->tabs()->setCurrentWidget(current);
}

void restore(MainWindow *window, const QVariantMap &session)
{
    const QStringList accounts = session.value(QStringLiteral("accounts")).toStringList();
    if (accounts.isEmpty())
        return;
    const QVariantList tabs = session.value(QStringLiteral("tabs")).toList();
    ConnectionController *connections = window->connections();
    // Each account's tabs open once that account does (the keychain answers asynchronously).
    // Its saved id is set on the session just after it opens: looked at on the next turn.
    auto pending = std::make_shared<QStringList>(accounts);
    auto connection = std::make_shared<QMetaObject::Connection>();
    QPointer<MainWindow> guard(window);
    *connection = QObject::connect(
        connections, &ConnectionController::sessionOpened, window,
        [guard, tabs, pending, connection](AccountSession *s) {
            QPointer<AccountSession> opened(s);
            QMetaObject::invokeMethod(
                guard,
                [guard, opened, tabs, pending, connection] {
                    if (!guard || !opened || !pending->removeOne(savedId(opened)))
                        return;
                    restoreTabs(guard, opened, tabs);
                    if (pending->isEmpty())
                        QObject::disconnect(*connection);
                },
                Qt::QueuedConnection);
        });
    const QList<SavedConnection> saved = connections->savedConnections();
    for (const QString &id : accounts) {
        for (const SavedConnection &c : saved) {
            if (c.id == id)
                connections->openSaved(c);
        }
    }
}

} // namespace Cosmoscope::SessionRestore
