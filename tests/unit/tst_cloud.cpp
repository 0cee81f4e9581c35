#include <cloud.h>

#include <QTest>

using namespace Cosmos::Entra;

class tst_Cloud : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void presets_data();
    void presets();
    void unknownPreset();
    void customEndpoints();
    void environment();
};

void tst_Cloud::presets_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("authority");
    QTest::addColumn<QString>("armScope");
    QTest::newRow("public") << "public"
                            << "https://login.microsoftonline.com/"
                            << "https://management.core.windows.net/.default";
    QTest::newRow("usgov") << "usgov"
                           << "https://login.microsoftonline.us/"
                           << "https://management.core.usgovcloudapi.net/.default";
    QTest::newRow("china") << "china"
                           << "https://login.chinacloudapi.cn/"
                           << "https://management.core.chinacloudapi.cn/.default";
}

void tst_Cloud::presets()
{
    QFETCH(QString, name);
    QFETCH(QString, authority);
    QFETCH(QString, armScope);
    CloudSettings s;
    QVERIFY(CloudSettings::preset(name, &s));
    QCOMPARE(s.authorityHost.toString(), authority);
    QCOMPARE(s.armScope(), armScope);
    QCOMPARE(s.tenant, QStringLiteral("organizations"));
    QCOMPARE(s.clientId, QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    QCOMPARE(s.oauthUrl(QStringLiteral("token"), QStringLiteral("contoso.test")).toString(),
             authority + QStringLiteral("contoso.test/oauth2/v2.0/token"));
}

void tst_Cloud::unknownPreset()
{
    CloudSettings s;
    QVERIFY(!CloudSettings::preset(QStringLiteral("mars"), &s));
}

void tst_Cloud::customEndpoints()
{
    CloudSettings s;
    s.authorityHost = QUrl(QStringLiteral("https://127.0.0.1:4000"));
    s.armEndpoint = QUrl(QStringLiteral("https://127.0.0.1:5000/"));
    s.tenant = QStringLiteral("t1");
    QCOMPARE(s.oauthUrl(QStringLiteral("devicecode")).toString(),
             QStringLiteral("https://127.0.0.1:4000/t1/oauth2/v2.0/devicecode"));
    QCOMPARE(s.armScope(), QStringLiteral("https://127.0.0.1:5000/.default")); // its own audience
}

void tst_Cloud::environment()
{
    qputenv("AZURE_AUTHORITY_HOST", "https://login.example.test");
    qputenv("AZURE_TENANT_ID", "tenant-from-env");
    CloudSettings s = CloudSettings::publicCloud();
    s.applyEnvironment();
    qunsetenv("AZURE_AUTHORITY_HOST");
    qunsetenv("AZURE_TENANT_ID");
    QCOMPARE(s.authorityHost.toString(), QStringLiteral("https://login.example.test/"));
    QCOMPARE(s.tenant, QStringLiteral("tenant-from-env"));
}

QTEST_GUILESS_MAIN(tst_Cloud)
#include "tst_cloud.moc"
