#include "manageteststuff.h"

#include <containersettings.h>
#include <contextactions.h>
#include <resourcequerydialog.h>
#include <scripteditor.h>
#include <throughputdialog.h>

#include <gatewayprocess.h>

#include <QAction>

using namespace Cosmos;
using namespace Manage;

class tst_ContextActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void actionsPerNode();
    void openTabsAndDialogs();
};

static QStringList texts(const QList<QAction *> &actions)
{
    QStringList out;
    for (QAction *a : actions)
        out << a->text();
    return out;
}

void tst_ContextActions::actionsPerNode()
{
    CosmosClient client(ConnectionInfo::emulator());
    ContextActions manage(nullptr);
    QObject owner;
    const ResourcePath c = ResourcePath::container("db", "c");
    const QStringList container = texts(manage.actionsFor(&client, c, ResourceKind::Account, &owner));
    for (const char *t : {"Settings", "Throughput…", "Change feed", "Conflicts", "Properties",
                          "New stored procedure…"})
        QVERIFY2(container.contains(QString::fromUtf8(t)), t);
    QCOMPARE(texts(manage.actionsFor(&client, c.child(ResourceKind::StoredProcedure, "s"),
                                     ResourceKind::Account, &owner)),
             (QStringList{"Execute…", "Edit script"}));
    QCOMPARE(texts(manage.actionsFor(&client, ResourcePath::database("db"), ResourceKind::Account, &owner)),
             (QStringList{"Throughput…", "Users…", "Query containers…", "Query users…",
                          "Properties"}));
    QVERIFY(texts(manage.actionsFor(&client, ResourcePath::database("db").child(ResourceKind::User, "u"),
                                    ResourceKind::Account, &owner))
                .contains(QStringLiteral("Query permissions…")));
    // Folder nodes (path: the owner): their feed's query.
    QCOMPARE(texts(manage.actionsFor(&client, ResourcePath::database("db"), ResourceKind::User, &owner)),
             (QStringList{"Users…", "Query users…"}));
    QCOMPARE(texts(manage.actionsFor(&client, c, ResourceKind::StoredProcedure, &owner)),
             (QStringList{"New stored procedure…", "Query stored procedures…"}));
    QCOMPARE(texts(manage.actionsFor(&client, c, ResourceKind::Udf, &owner)).last(),
             QStringLiteral("Query user-defined functions…"));
    QCOMPARE(texts(manage.actionsFor(&client, c, ResourceKind::Conflict, &owner)),
             (QStringList{"Conflicts", "Query conflicts…"}));
    QCOMPARE(texts(manage.actionsFor(&client, ResourcePath::database("db").child(ResourceKind::User, "u"),
                                     ResourceKind::Account, &owner)).first(),
             QStringLiteral("Permissions…"));
    QCOMPARE(texts(manage.actionsFor(&client, c, ResourceKind::Trigger, &owner)),
             (QStringList{"New trigger…", "Query triggers…"}));
    QCOMPARE(texts(manage.actionsFor(&client, ResourcePath(), ResourceKind::Account, &owner)),
             (QStringList{"Query databases…", "Properties"}));
}

void tst_ContextActions::openTabsAndDialogs()
{
    GatewayProcess gateway;
    QVERIFY2(gateway.start(), qPrintable(gateway.errorString()));
    CosmosClient client(gateway.connection());
    RequestOptions manual;
    manual.offerThroughput = 400;
    QVERIFY(waitForCall(this, [&](QObject *ctx, ResponseCallback cb) {
        return client.create(ResourcePath::databases(), {{"id", "CtxDB"}}, {}, ctx, cb);
    }));
    QVERIFY(waitForCall(this, [&](QObject *ctx, ResponseCallback cb) {
        return client.create(ResourcePath::database("CtxDB").feed(ResourceKind::Container),
                             containerBody("c", "/pk"), manual, ctx, cb);
    }));
    QWidget window;
    ContextActions manage(&window);
    QList<QPointer<QWidget>> tabs;
    connect(&manage, &ContextActions::openTab, this,
            [&](QWidget *tab, const QString &) { tabs << tab; });
    QSignalSpy dialogs(&manage, &ContextActions::dialogOpened);
    QObject owner;
    const auto actions = manage.actionsFor(&client, ResourcePath::container("CtxDB", "c"),
                                           ResourceKind::Account, &owner);
    const auto trigger = [&](const QString &text) {
        for (QAction *a : actions) {
            if (a->text() == text)
                a->trigger();
        }
    };
    trigger(QStringLiteral("Settings"));
    QCOMPARE(tabs.size(), 1);
    QVERIFY(qobject_cast<ContainerSettings *>(tabs.first()));
    trigger(QStringLiteral("New stored procedure…"));
    QCOMPARE(tabs.size(), 2);
    QVERIFY(qobject_cast<ScriptEditor *>(tabs.last()));
    trigger(QStringLiteral("Throughput…"));
    QCOMPARE(dialogs.size(), 1);
    auto dialog = qobject_cast<ThroughputDialog *>(dialogs.first().first().value<QWidget *>());
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->state(), ThroughputDialog::State::Ready, 10000);
    for (const auto &t : tabs)
        delete t.data();

    // "Query users…" on a Users folder opens the query dialog on that feed.
    const auto folderActions = manage.actionsFor(&client, ResourcePath::database("CtxDB"),
                                                 ResourceKind::User, &owner);
    QAction *query = folderActions.last();
    QCOMPARE(query->objectName(), QStringLiteral("query"));
    query->trigger();
    QCOMPARE(dialogs.size(), 2);
    QPointer<ResourceQueryDialog> queryDialog
        = qobject_cast<ResourceQueryDialog *>(dialogs.last().first().value<QWidget *>());
    QVERIFY(queryDialog);
    QCOMPARE(queryDialog->feed(), ResourcePath::database("CtxDB").feed(ResourceKind::User));
    queryDialog->close();
    QTRY_VERIFY(queryDialog.isNull());
}

QTEST_MAIN(tst_ContextActions)
#include "tst_contextactions.moc"
