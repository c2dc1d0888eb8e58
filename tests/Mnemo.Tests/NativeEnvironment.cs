using System.Runtime.CompilerServices;
using Mnemo.Runtime;

namespace Mnemo.Tests;

/// <summary>The test process waits on OpenMP as mnemo does: passive, set before any test loads libtorch
/// (a tiny training test took 58 s instead of 1 s on a busy machine with libgomp's spinning).</summary>
internal static class NativeEnvironment
{
    [ModuleInitializer]
    internal static void PassiveOpenMp() => OpenMpWaitPolicy.Apply();
}
