// `cosmoscope --screenshot`: the real executable against the gateway writes a PNG and exits
// 0; a wrong key makes it exit non-zero with a message.

#include "gatewayprocess.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class tst_Screenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesPng();
    void failsOnWrongKey();

private:
    QStringList connectionArgs(const QString &key) const;
    GatewayProcess m_gateway;
    QTemporaryDir m_dir;
};

void tst_Screenshot::initTestCase()
{
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    QVERIFY(m_dir.isValid());
}

QStringList tst_Screenshot::connectionArgs(const QString &key) const
{
    return {QStringLiteral("--endpoint"),
            m_gateway.url().toString(),
            QStringLiteral("--key"),
            key,
            QStringLiteral("--ca-cert"),
            GatewayProcess::caFile()};
}

void tst_Screenshot::writesPng()
{
    const QString file = m_dir.filePath(QStringLiteral("shot.png"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("COSMOSCOPE_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COSMOSCOPE_GUI_PATH),
            QStringList{QStringLiteral("--screenshot"), file}
                + connectionArgs(Cosmos::ConnectionInfo::emulatorKey()));
    QSignalSpy done(&p, &QProcess::finished);
    QVERIFY(done.wait(90000));
    QCOMPARE(p.exitCode(), 0);
    const QImage image(file);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800);
}

void tst_Screenshot::failsOnWrongKey()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("COSMOSCOPE_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path());
    p.setProcessEnvironment(env);
    const QString file = m_dir.filePath(QStringLiteral("never.png"));
    p.start(QStringLiteral(COSMOSCOPE_GUI_PATH),
            QStringList{QStringLiteral("--screenshot"), file}
                + connectionArgs(QStringLiteral("d3JvbmcgYnV0IHZhbGlkIGJhc2U2NA==")));
    QSignalSpy done(&p, &QProcess::finished);
    QVERIFY(done.wait(90000));
    QVERIFY(p.exitCode() != 0);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("401")));
    QVERIFY(!QFile::exists(file));
}

QTEST_MAIN(tst_Screenshot)
#include "tst_screenshot.moc"
