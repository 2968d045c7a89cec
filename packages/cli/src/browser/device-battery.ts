/**
 * The superapp's own API, `getDeviceBattery`, called by mini programs as
 * `wx.invokeNativePlugin({api_name: 'getDeviceBattery', data: {unit}})`. The demo's device is
 * simulated, like its biometric sensor: always 80 %, charging.
 */
import type { Host } from '@wxbridge/host';

const SIMULATED_BATTERY = Object.freeze({ fraction: 0.8, charging: true });

export function registerDeviceBattery(host: Host): () => void {
  return host.registerApi('getDeviceBattery', {
    params: { unit: { type: 'string', enum: ['percent', 'fraction'] } },
    handler: (data) => ({
      level: data.unit === 'percent' ? Math.round(SIMULATED_BATTERY.fraction * 100) : SIMULATED_BATTERY.fraction,
      charging: SIMULATED_BATTERY.charging,
    }),
  });
}
