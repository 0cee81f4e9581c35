#pragma once

// Small helpers shared by the management GUI tests.

#include <cosmosclient.h>

#include <QtTest>

#include <functional>

/// Runs one request to completion (event loop, no sleeps); returns whether it succeeded.
inline bool waitForCall(QObject *context,
                        const std::function<Cosmos::PendingRequest *(QObject *, Cosmos::ResponseCallback)> &f,
                        Cosmos::CosmosResponse *out = nullptr)
{
    bool done = false;
    Cosmos::CosmosResponse result;
    f(context, [&](const Cosmos::CosmosResponse &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return false;
    if (out)
        *out = result;
    return result.ok();
}

/// A management tab shares a 900 px window with the accounts tree (its pane about 220 px):
/// its minimum width must leave the window at 900 px (the conflicts tab once made it 1,045).
constexpr int TabWidthAt900 = 680;

/// Fails (with the width) when `tab` needs more than TabWidthAt900.
#define VERIFY_FITS_900(tab)                                                                   \
    do {                                                                                       \
        const int minimumWidth = (tab)->minimumSizeHint().width();                             \
        QVERIFY2(minimumWidth <= TabWidthAt900,                                                \
                 qPrintable(QStringLiteral("minimum width %1 px").arg(minimumWidth)));         \
    } while (false)

inline QJsonObject containerBody(const QString &id, const QString &pkPath)
{
    return {{"id", id},
            {"partitionKey", QJsonObject{{"paths", QJsonArray{pkPath}}, {"kind", "Hash"}}}};
}

inline void saveShot(QWidget *w, const QString &name)
{
    if (!qEnvironmentVariableIsEmpty("COSMOSCOPE_SCREENSHOTS"))
        w->grab().save(qEnvironmentVariable("COSMOSCOPE_SCREENSHOTS") + QLatin1Char('/') + name);
}
