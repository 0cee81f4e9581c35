#include "manageteststuff.h"

#include <jsonlistmodel.h>
#include <manageutil.h>
#include <permissionsdialog.h>
#include <propertiesview.h>
#include <sourceeditor.h>
#include <usersdialog.h>

#include <gatewayprocess.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Cosmos;
using namespace Manage;

class tst_Permissions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usersPermissionsAndToken();
    void upsertUserAndPermission();

private:
    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
};

void tst_Permissions::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    setConfirmHandler([](const QString &, const QString &) { return true; });
    const ResourcePath colls = ResourcePath::database("PermDB").feed(ResourceKind::Container);
    QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::databases(), {{"id", "PermDB"}}, {}, c, cb);
    }));
    for (const char *id : {"open", "secret"}) {
        QVERIFY(waitForCall(this, [&](QObject *c, ResponseCallback cb) {
            return m_client->create(colls, containerBody(id, "/pk"), {}, c, cb);
        }));
    }
}

void tst_Permissions::usersPermissionsAndToken()
{
    QPointer<UsersDialog> users = new UsersDialog(m_client.get(), ResourcePath::database("PermDB"));
    QAbstractItemModelTester usersTester(users->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    users->show();
    QTRY_VERIFY_WITH_TIMEOUT(!users->isBusy(), 10000);
    QCOMPARE(users->model()->rowCount(), 0);

    // Create "alice", then rename her "bob".
    QSignalSpy changed(users.data(), &UsersDialog::changed);
    QTest::keyClicks(users->idEdit(), QStringLiteral("alice"));
    QTest::mouseClick(users->createButton(), Qt::LeftButton);
    QVERIFY2(changed.wait(10000), qPrintable(users->messageLine()->text()));
    QCOMPARE(users->model()->rowOf(QStringLiteral("alice")), 0);
    QVERIFY(users->renameButton()->isEnabled());
    users->idEdit()->clear();
    QTest::keyClicks(users->idEdit(), QStringLiteral("bob"));
    QTest::mouseClick(users->renameButton(), Qt::LeftButton);
    QVERIFY2(changed.wait(10000), qPrintable(users->messageLine()->text()));
    QCOMPARE(users->model()->rowOf(QStringLiteral("bob")), 0);
    QCOMPARE(users->model()->rowOf(QStringLiteral("alice")), -1);
    saveShot(users, QStringLiteral("users.png"));

    // Permissions of bob: read on container "open".
    QSignalSpy opened(users.data(), &UsersDialog::permissionsOpened);
    QTest::mouseClick(users->permissionsButton(), Qt::LeftButton);
    QCOMPARE(opened.size(), 1);
    QPointer<PermissionsDialog> perms = opened.first().first().value<PermissionsDialog *>();
    QAbstractItemModelTester permsTester(perms->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(perms->resourcesLoaded(), 10000);
    const int openIndex = perms->resourceBox()->findText(QStringLiteral("dbs/PermDB/colls/open"));
    QVERIFY(openIndex >= 0);
    QVERIFY(perms->resourceBox()->findText(QStringLiteral("dbs/PermDB/colls/secret")) >= 0);
    perms->resourceBox()->setCurrentIndex(openIndex);
    QTest::keyClicks(perms->idEdit(), QStringLiteral("read-open"));
    QCOMPARE(perms->modeBox()->currentData().toString(), QStringLiteral("Read"));
    QSignalSpy permsChanged(perms.data(), &PermissionsDialog::changed);
    QTest::mouseClick(perms->createButton(), Qt::LeftButton);
    QVERIFY2(permsChanged.wait(10000), qPrintable(perms->messageLine()->text()));
    QCOMPARE(perms->model()->rowCount(), 1);
    QCOMPARE(perms->model()->index(0, 2).data().toString(), QStringLiteral("dbs/PermDB/colls/open"));
    QVERIFY(!perms->tokenEdit()->text().isEmpty());
    QVERIFY(perms->copyButton()->isEnabled());
    QTest::mouseClick(perms->copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), perms->tokenEdit()->text());
    saveShot(perms, QStringLiteral("permissions.png"));

    // Replace: same id, mode All.
    perms->modeBox()->setCurrentIndex(perms->modeBox()->findData(QStringLiteral("All")));
    QTest::mouseClick(perms->replaceButton(), Qt::LeftButton);
    QVERIFY2(permsChanged.wait(10000), qPrintable(perms->messageLine()->text()));
    QCOMPARE(perms->model()->index(0, 1).data().toString(), QStringLiteral("All"));

    // Open a connection with the token (users dialog forwards the request).
    QSignalSpy connectionRequested(users.data(), &UsersDialog::openConnectionRequested);
    QTest::mouseClick(perms->openConnectionButton(), Qt::LeftButton);
    QCOMPARE(connectionRequested.size(), 1);
    const auto info = connectionRequested.first().first().value<ConnectionInfo>();
    QVERIFY(info.usesResourceTokens());
    QVERIFY(info.masterKey.isEmpty());
    CosmosClient tokenClient(info);

    PropertiesView permitted(&tokenClient, ResourcePath::container("PermDB", "open"));
    QSignalSpy permittedLoaded(&permitted, &PropertiesView::loaded);
    QVERIFY(permittedLoaded.wait(10000));
    QVERIFY2(permittedLoaded.first().first().toBool(), qPrintable(permitted.messageLine()->text()));
    QCOMPARE(permitted.field(QStringLiteral("Id")), QStringLiteral("open"));

    PropertiesView refused(&tokenClient, ResourcePath::container("PermDB", "secret"));
    QSignalSpy refusedLoaded(&refused, &PropertiesView::loaded);
    QVERIFY(refusedLoaded.wait(10000));
    QCOMPARE(refusedLoaded.first().first().toBool(), false);
    QCOMPARE(refused.messageLine()->level(), MessageLine::Level::Error);
    QVERIFY2(refused.messageLine()->text().contains(QStringLiteral("403")),
             qPrintable(refused.messageLine()->text()));
    refused.resize(600, 400);
    saveShot(&refused, QStringLiteral("refused.png"));

    // Delete the permission, then the user.
    QTest::mouseClick(perms->deleteButton(), Qt::LeftButton);
    QVERIFY2(permsChanged.wait(10000), qPrintable(perms->messageLine()->text()));
    QCOMPARE(perms->model()->rowCount(), 0);
    perms->close();
    QTRY_VERIFY(perms.isNull());
    users->selectUser(QStringLiteral("bob"));
    QTest::mouseClick(users->deleteButton(), Qt::LeftButton);
    QVERIFY2(changed.wait(10000), qPrintable(users->messageLine()->text()));
    QCOMPARE(users->model()->rowCount(), 0);
    users->close();
}

// upsert_user, user read, upsert_permission, get_permission (a fresh _token).
void tst_Permissions::upsertUserAndPermission()
{
    const ResourcePath db = ResourcePath::database("PermDB");
    const auto freshRead = [&](const ResourcePath &path, QJsonObject *out) {
        CosmosResponse r;
        const bool ok = waitForCall(this, [&](QObject *c, ResponseCallback cb) {
            return m_client->read(path, {}, c, cb);
        }, &r);
        *out = r.object();
        return ok;
    };
    QPointer<UsersDialog> users = new UsersDialog(m_client.get(), db);
    QAbstractItemModelTester usersTester(users->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    users->show();
    QTRY_VERIFY_WITH_TIMEOUT(!users->isBusy(), 10000);

    // Upsert "carol": created.
    QSignalSpy changed(users.data(), &UsersDialog::changed);
    QSignalSpy userRead(users.data(), &UsersDialog::userRead);
    QTest::keyClicks(users->idEdit(), QStringLiteral("carol"));
    QTest::mouseClick(users->upsertButton(), Qt::LeftButton);
    QVERIFY2(changed.wait(10000), qPrintable(users->messageLine()->text()));
    QVERIFY2(users->messageLine()->text().startsWith(QStringLiteral("Created user")),
             qPrintable(users->messageLine()->text()));
    QCOMPARE(users->model()->rowOf(QStringLiteral("carol")), 0);
    QJsonObject created;
    QVERIFY(freshRead(db.child(ResourceKind::User, "carol"), &created));
    QCOMPARE(created.value("id").toString(), QStringLiteral("carol"));

    // Selecting it read it: its JSON and its permissions link are shown.
    QTRY_VERIFY_WITH_TIMEOUT(!userRead.isEmpty(), 10000);
    QCOMPARE(userRead.last().first().toJsonObject().value("id").toString(), QStringLiteral("carol"));
    QTRY_VERIFY(users->userJson()->text().contains(QStringLiteral("\"_permissions\"")));
    QVERIFY(users->permissionsLinkLabel()->text().contains(
        created.value("_permissions").toString()));

    // Upsert "carol" again: replaced (same user, new etag), still one row.
    QTest::mouseClick(users->upsertButton(), Qt::LeftButton);
    QVERIFY2(changed.wait(10000), qPrintable(users->messageLine()->text()));
    QVERIFY2(users->messageLine()->text().startsWith(QStringLiteral("Replaced user")),
             qPrintable(users->messageLine()->text()));
    QCOMPARE(users->model()->rowCount(), 1);
    QJsonObject replaced;
    QVERIFY(freshRead(db.child(ResourceKind::User, "carol"), &replaced));
    QCOMPARE(replaced.value("_rid"), created.value("_rid"));
    QVERIFY(replaced.value("_etag") != created.value("_etag"));
    users->resize(820, 460);
    saveShot(users, QStringLiteral("users-upsert.png"));

    // Permissions of carol: upsert creates, then replaces (mode Read → All).
    const ResourcePath carol = db.child(ResourceKind::User, "carol");
    QPointer<PermissionsDialog> perms = new PermissionsDialog(m_client.get(), carol);
    QAbstractItemModelTester permsTester(perms->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    perms->show();
    QTRY_VERIFY_WITH_TIMEOUT(perms->resourcesLoaded(), 10000);
    perms->resourceBox()->setEditText(QStringLiteral("dbs/PermDB/colls/open"));
    QTest::keyClicks(perms->idEdit(), QStringLiteral("up-open"));
    QSignalSpy permsChanged(perms.data(), &PermissionsDialog::changed);
    QSignalSpy permRead(perms.data(), &PermissionsDialog::permissionRead);
    QTest::mouseClick(perms->upsertButton(), Qt::LeftButton);
    QVERIFY2(permsChanged.wait(10000), qPrintable(perms->messageLine()->text()));
    QVERIFY2(perms->messageLine()->text().startsWith(QStringLiteral("Created permission")),
             qPrintable(perms->messageLine()->text()));
    const ResourcePath upOpen = carol.child(ResourceKind::Permission, "up-open");
    QJsonObject p;
    QVERIFY(freshRead(upOpen, &p));
    QCOMPARE(p.value("permissionMode").toString(), QStringLiteral("Read"));

    perms->modeBox()->setCurrentIndex(perms->modeBox()->findData(QStringLiteral("All")));
    QTest::mouseClick(perms->upsertButton(), Qt::LeftButton);
    QVERIFY2(permsChanged.wait(10000), qPrintable(perms->messageLine()->text()));
    QVERIFY2(perms->messageLine()->text().startsWith(QStringLiteral("Replaced permission")),
             qPrintable(perms->messageLine()->text()));
    QCOMPARE(perms->model()->rowCount(), 1);
    QVERIFY(freshRead(upOpen, &p));
    QCOMPARE(p.value("permissionMode").toString(), QStringLiteral("All"));

    // Selecting a permission reads it (get_permission): a token is shown.
    perms->view()->clearSelection();
    QVERIFY(perms->tokenEdit()->text().isEmpty());
    permRead.clear();
    perms->selectPermission(QStringLiteral("up-open"));
    QVERIFY(permRead.wait(10000));
    const QJsonObject read = permRead.last().first().toJsonObject();
    QCOMPARE(read.value("id").toString(), QStringLiteral("up-open"));
    QVERIFY(read.value("_token").toString().startsWith(QStringLiteral("type=resource")));
    QCOMPARE(perms->tokenEdit()->text(), read.value("_token").toString());
    QVERIFY(perms->permissionJson()->text().contains(QStringLiteral("\"_token\"")));
    QVERIFY(perms->copyButton()->isEnabled());
    saveShot(perms, QStringLiteral("permissions-upsert.png"));
    perms->close();
    users->close();
    QTRY_VERIFY(perms.isNull() && users.isNull());
}

QTEST_MAIN(tst_Permissions)
#include "tst_permissions.moc"
