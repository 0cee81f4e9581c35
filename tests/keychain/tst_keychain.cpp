// The keychain against a real Secret Service (gnome-keyring on a private session bus, started
// by run-with-keyring.sh): a remembered connection's key goes to the keychain and never to the
// settings file, comes back after a restart, and leaves with the connection; without a
// keychain the key stays in memory only.
#include <accountsession.h>
#include <accounttreemodel.h>
#include <connectioncontroller.h>
#include <connectiondialog.h>
#include <cosmosclient.h>
#include <messagebar.h>
#include <secretstore.h>
#include <settings.h>

#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QWidget>

using namespace Cosmoscope;

namespace {

// Everything a restart of the application recreates.
struct AppState
{
    explicit AppState(bool keychain = true) { secrets.setKeychainEnabled(keychain); }

    Settings settings;
    SecretStore secrets;
    AccountTreeModel model;
    QWidget window;
    MessageBar bar{&window};
    ConnectionController controller{&settings, &secrets, &model, &bar, &window};
};

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void savingStoresTheKeyInTheKeychain();
    void restartReadsTheKeyBack();
    void forgettingRemovesTheKey();
    void withoutKeychainTheKeyStaysInMemory();

private:
    /// A fresh random account key per run, so that finding it anywhere means this run put it
    /// there.
    static QString randomKey()
    {
        QByteArray bytes(64, Qt::Uninitialized);
        for (char &b : bytes)
            b = char(QRandomGenerator::global()->bounded(256));
        return QString::fromLatin1(bytes.toBase64());
    }
    /// What the Secret Service holds for Cosmoscope under `id` (through secret-tool).
    static QByteArray secretServiceLookup(const QString &id);
    static QByteArray settingsFileText();
    /// Saves a remembered endpoint + key connection through the connection dialog; its id.
    static QString saveConnection(AppState &app, const QString &name, const QString &key);

    QString m_key;
    QString m_id;
};

void TestKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("COSMOSCOPE_KEYRING_SCRATCH"),
             "run through tests/keychain/run-with-keyring.sh (ctest does)");
    qunsetenv("COSMOSCOPE_NO_KEYCHAIN");
    QCoreApplication::setOrganizationName(QStringLiteral("CosmoscopeKeychainTest"));
    QCoreApplication::setApplicationName(QStringLiteral("Cosmoscope"));
    m_key = randomKey();
    QVERIFY(secretServiceLookup(QStringLiteral("nothing-here")).isEmpty());
}

QByteArray TestKeychain::secretServiceLookup(const QString &id)
{
    // QtKeychain's libsecret backend: schema org.qt.keychain, attributes server and user.
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"),
                QStringLiteral("server"),
                QStringLiteral("Cosmoscope"),
                QStringLiteral("user"),
                id});
    if (!tool.waitForFinished(10000))
        return "secret-tool did not finish";
    return tool.readAllStandardOutput();
}

QByteArray TestKeychain::settingsFileText()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString TestKeychain::saveConnection(AppState &app, const QString &name, const QString &key)
{
    QSignalSpy saved(&app.controller, &ConnectionController::savedConnectionsChanged);
    ConnectionDialog *dialog = app.controller.newConnection();
    SavedConnection c;
    c.id = QUuid::createUuid().toString(QUuid::WithoutBraces); // what a new dialog would pick
    c.name = name;
    c.kind = SavedConnection::Kind::EndpointKey;
    c.endpoint = QStringLiteral("https://127.0.0.1:9/"); // nothing listens: no request succeeds
    dialog->setConnection(c, key);
    dialog->accept();
    if (saved.count() != 1)
        return {};
    for (const SavedConnection &s : app.settings.connections()) {
        if (s.name == name)
            return s.id;
    }
    return {};
}

void TestKeychain::savingStoresTheKeyInTheKeychain()
{
    AppState app;
    m_id = saveConnection(app, QStringLiteral("keychain test"), m_key);
    QVERIFY(!m_id.isEmpty());
    QTRY_COMPARE(secretServiceLookup(m_id), m_key.toUtf8());
    const QByteArray settings = settingsFileText();
    QVERIFY(settings.contains("keychain test")); // the connection itself is remembered
    QVERIFY(!settings.contains(m_key.toUtf8()));
    QVERIFY(!settings.contains(m_key.left(16).toUtf8()));
}

void TestKeychain::restartReadsTheKeyBack()
{
    QVERIFY(!m_id.isEmpty());
    AppState app; // a new store: nothing in memory, so the key can only come from the keychain
    const QList<SavedConnection> saved = app.settings.connections();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().id, m_id);
    QSignalSpy opened(&app.controller, &ConnectionController::sessionOpened);
    app.controller.openSaved(saved.first());
    QVERIFY(opened.wait(10000));
    auto session = opened.first().first().value<AccountSession *>();
    QVERIFY(session);
    QCOMPARE(session->client()->connection().masterKey, m_key.toLatin1());
    QVERIFY(!app.controller.currentDialog()); // not asked for the key

    // The read-back through the store itself, too.
    SecretStore fresh;
    QString readBack;
    bool found = false;
    bool called = false;
    fresh.read(m_id, &fresh, [&](const QString &secret, bool f) {
        readBack = secret;
        found = f;
        called = true;
    });
    QTRY_VERIFY(called);
    QVERIFY(found);
    QCOMPARE(readBack, m_key);
    QVERIFY(!settingsFileText().contains(m_key.toUtf8()));
}

void TestKeychain::forgettingRemovesTheKey()
{
    QVERIFY(!m_id.isEmpty());
    AppState app;
    app.controller.forget(m_id);
    QVERIFY(app.settings.connections().isEmpty());
    QTRY_VERIFY(secretServiceLookup(m_id).isEmpty());

    SecretStore fresh;
    bool called = false;
    bool found = true;
    fresh.read(m_id, &fresh, [&](const QString &, bool f) {
        found = f;
        called = true;
    });
    QTRY_VERIFY(called);
    QVERIFY(!found);
}

void TestKeychain::withoutKeychainTheKeyStaysInMemory()
{
    QString id;
    const QString key = randomKey();
    {
        AppState app(false);
        id = saveConnection(app, QStringLiteral("memory only"), key);
        QVERIFY(!id.isEmpty());
        // The user is told, and the key is readable for this session from memory.
        QTRY_VERIFY(app.bar.text().contains(QLatin1String("in memory")));
        bool called = false;
        QString readBack;
        app.secrets.read(id, &app.window, [&](const QString &secret, bool) {
            readBack = secret;
            called = true;
        });
        QTRY_VERIFY(called);
        QCOMPARE(readBack, key);
    }
    // Nothing reached the Secret Service or the settings file.
    QVERIFY(secretServiceLookup(id).isEmpty());
    QVERIFY(!settingsFileText().contains(key.toUtf8()));
    // After a restart the key is gone: the connection asks for it.
    AppState app(false);
    QSignalSpy opened(&app.controller, &ConnectionController::sessionOpened);
    const QList<SavedConnection> saved = app.settings.connections();
    QCOMPARE(saved.size(), 1);
    app.controller.openSaved(saved.first());
    QTRY_VERIFY(app.controller.currentDialog());
    QCOMPARE(opened.count(), 0);
    app.controller.forget(id);
}

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
